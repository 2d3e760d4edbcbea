using System.Reflection;
using System.Text.Json;
using Gateway.Web.Auth;
using Gateway.Web.Configuration;
using Gateway.Web.Http;
using Gateway.Web.Observability;
using Gateway.Web.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Web.Status;

/// <summary>
/// The status page at <c>{path}/</c> (static HTML and JS, embedded in the assembly, holding no data)
/// and its JSON twin at <c>{path}/status.json</c>. With <c>gateway.auth</c> on globally, the JSON
/// needs an API key like any route; the page asks for one and sends it in the same header.
/// </summary>
public static class StatusEndpoints
{
    public const string JsonName = "status.json";

    // No inline script, no third-party anything: the page only talks to its own JSON.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void MapGatewayStatus(this IEndpointRouteBuilder endpoints, StatusSettings status)
    {
        var page = Asset.Load("index.html", "text/html; charset=utf-8");
        var script = Asset.Load("status.js", "text/javascript; charset=utf-8");

        // Routing takes "{path}" and "{path}/" alike; the page's relative links need the slash.
        endpoints.Map(status.Path, context => context.Request.Path.Value!.EndsWith('/')
            ? WriteAssetAsync(context, page)
            : RedirectToSlashAsync(context))
            .WithMetadata(GatewayOwnedEndpoint.Instance);
        endpoints.Map($"{status.Path}/status.js", context => WriteAssetAsync(context, script))
            .WithMetadata(GatewayOwnedEndpoint.Instance);
        endpoints.Map($"{status.Path}/{JsonName}", WriteReportAsync)
            .WithMetadata(GatewayOwnedEndpoint.Instance);
    }

    private static async Task WriteReportAsync(HttpContext context)
    {
        if (!await ReadOnlyAsync(context)) return;
        // Read per request: a reload that turns auth on (or changes the keys) applies to the page at once.
        var auth = context.RequestServices.GetRequiredService<RouteTableSource>().Settings.Defaults.Auth;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (ApiKeyCheck.Check(context, auth) is { } refused)
        {
            await refused.WriteAsync(context);
            return;
        }

        var report = context.RequestServices.GetRequiredService<StatusReportBuilder>().Build();
        context.Response.ContentType = "application/json; charset=utf-8";
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await JsonSerializer.SerializeAsync(context.Response.Body, report, JsonOptions.Web, context.RequestAborted);
    }

    private static async Task WriteAssetAsync(HttpContext context, Asset asset)
    {
        if (!await ReadOnlyAsync(context)) return;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Bytes.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await context.Response.Body.WriteAsync(asset.Bytes, context.RequestAborted);
    }

    private static async Task RedirectToSlashAsync(HttpContext context)
    {
        if (!await ReadOnlyAsync(context)) return;
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = context.Request.PathBase + context.Request.Path + "/" + context.Request.QueryString;
    }

    /// <summary>The page is read-only: GET and HEAD, anything else 405.</summary>
    private static async ValueTask<bool> ReadOnlyAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) return true;
        context.Response.Headers.Allow = "GET, HEAD";
        await Problems.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Method not allowed", "The status page is read-only.");
        return false;
    }

    private sealed record Asset(byte[] Bytes, string ContentType)
    {
        public static Asset Load(string name, string contentType)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Gateway.Web.Status.Page.{name}")
                ?? throw new InvalidOperationException($"the status page asset '{name}' is not embedded");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return new Asset(copy.ToArray(), contentType);
        }
    }
}
