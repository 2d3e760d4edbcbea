using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Http;

/// <summary>Every error the gateway itself answers is an RFC 9457 problem+json body.</summary>
public static class Problems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }
        // The trace id is given here for a client that accepts no JSON, whose body the framework writes without
        // its problem service; for the others that service replaces it, and AddGateway (Hosting/GatewayServices.cs) puts it back.
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, instance: context.Request.Path,
                type: ProblemTypes.For(status), extensions: new Dictionary<string, object?> { ["traceId"] = RequestTraceId.Of(context) })
            .ExecuteAsync(context);
    }
}

/// <summary>
/// The problem <c>type</c> for statuses the framework has no default link for (it knows those RFC 9110
/// defines); without one a body would go out with no type at all.
/// </summary>
public static class ProblemTypes
{
    public const string TooManyRequests = "https://www.rfc-editor.org/rfc/rfc6585#section-4";

    public static string? For(int status) => status == StatusCodes.Status429TooManyRequests ? TooManyRequests : null;
}
