using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Web.Http;

public static class ProblemDetailsSetup
{
    /// <summary>
    /// The framework's problem writer sets <c>traceId</c> itself, to the activity's full id or, with no
    /// activity (no OTLP export), to Kestrel's connection-based request id; this puts the request's W3C trace
    /// id back, the one its log line carries, after the framework has had its say.
    /// </summary>
    public static IServiceCollection AddGatewayProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = problem =>
            problem.ProblemDetails.Extensions["traceId"] = RequestTraceId.Of(problem.HttpContext));
}
