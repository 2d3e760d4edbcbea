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
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, instance: context.Request.Path)
            .ExecuteAsync(context);
    }
}
