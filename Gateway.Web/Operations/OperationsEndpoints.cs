using Gateway.Web.Configuration;
using Gateway.Web.Http;
using Gateway.Web.Observability;
using Gateway.Web.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gateway.Web.Operations;

public static class OperationsEndpoints
{
    /// <summary>
    /// The gateway's own endpoints. Literal paths outrank the proxy's <c>/{**path}</c> catch-all, and
    /// everything else at or below a reserved path (a feature switched off, an unknown sub-path, a
    /// method the endpoint does not take) answers 404 here, so it never reaches an upstream.
    /// </summary>
    public static void MapGatewayOperations(this IEndpointRouteBuilder endpoints, OperationsSettings operations)
    {
        endpoints.MapGatewayHealth();

        if (operations.Observability.MetricsEndpoint is { } metrics)
            endpoints.MapPrometheusScrapingEndpoint(metrics).WithMetadata(GatewayOwnedEndpoint.Instance);

        if (operations.Status.Enabled) endpoints.MapGatewayStatus(operations.Status);

        // "/x/{**rest}" also matches "/x" itself, below any literal "/x" endpoint mapped above and
        // above the catch-all (route precedence, not registration order, decides).
        foreach (var reserved in operations.ReservedPaths)
            endpoints.Map(reserved + "/{**rest}", NotServedAsync).WithMetadata(GatewayOwnedEndpoint.Instance);
    }

    private static Task NotServedAsync(HttpContext context) =>
        Problems.WriteAsync(context, StatusCodes.Status404NotFound, "Not found",
            $"'{context.Request.Path}' belongs to the gateway itself and is not served here; it is never forwarded to a route.");
}
