using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Http;

/// <summary>
/// The W3C trace context of a request that ASP.NET made no activity for (no OTLP export; see
/// <see cref="RequestActivities"/>), so that the request log line and the upstream still share one trace id.
/// A valid <c>traceparent</c> from the client is the request's context and goes upstream unchanged; without
/// one the gateway makes a context (not sampled: it records no span) and sends that upstream in its place.
/// </summary>
/// <param name="MadeTraceParent">The <c>traceparent</c> the gateway made, or null when the client's is used.</param>
public sealed record GatewayTraceContext(string TraceId, string? MadeTraceParent)
{
    public static GatewayTraceContext? Of(HttpContext context) => context.Features.Get<GatewayTraceContext>();

    /// <summary>The request's context, read or made now and kept on the request for the steps after.</summary>
    public static GatewayTraceContext Begin(HttpContext context)
    {
        var trace = ActivityContext.TryParse(context.Request.Headers.TraceParent, null, isRemote: true, out var client)
            ? new GatewayTraceContext(client.TraceId.ToHexString(), null)
            : Make();
        context.Features.Set(trace);
        return trace;
    }

    /// <summary>
    /// The <c>traceparent</c> the gateway sends upstream in place of the client's: the one it made, when
    /// there is no activity whose context the handler would write instead. Null: nothing of the gateway's.
    /// </summary>
    public static string? MadeTraceParentToSend(HttpContext context) =>
        Activity.Current is null ? Of(context)?.MadeTraceParent : null;

    /// <summary>
    /// What a span of the gateway's continues when ASP.NET made no activity: the context made here, else the
    /// client's; default (a new trace) when there is neither.
    /// </summary>
    public static ActivityContext ParentOf(HttpContext context)
    {
        var headers = context.Request.Headers;
        return ActivityContext.TryParse(Of(context)?.MadeTraceParent ?? headers.TraceParent, headers.TraceState, isRemote: true, out var parent)
            ? parent
            : default;
    }

    private static GatewayTraceContext Make()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        return new GatewayTraceContext(traceId, $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-00");
    }
}
