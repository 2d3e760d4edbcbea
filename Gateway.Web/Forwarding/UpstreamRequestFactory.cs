using System.Diagnostics;
using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Gateway.Web.Forwarding;

/// <summary>Turns the client's request into the upstream's: method, end-to-end headers, streamed body, X-Forwarded-*.</summary>
public static class UpstreamRequestFactory
{
    // Set by the gateway itself, never copied: Host is the upstream's (HttpClient writes it from the URI).
    private static readonly HashSet<string> Replaced = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded",
        // Only the 100-continue expectation travels, set below (RFC 9110 §10.1.1); no other is defined.
        "Expect",
    };

    // The trace context the client sent continues through the gateway's own activity: the handler
    // writes a fresh traceparent (same trace id, the gateway's span as parent) but never overwrites
    // one already on the request, so the client's copy must not be passed on as it came.
    private static readonly HashSet<string> TraceContext = new(StringComparer.OrdinalIgnoreCase)
    {
        "traceparent", "tracestate", "baggage", "Request-Id", "Correlation-Context",
    };

    public static (HttpRequestMessage Request, StreamingRequestContent? Body) Create(HttpContext context, Uri target)
    {
        var incoming = context.Request;
        var request = new HttpRequestMessage(HttpMethod.Parse(incoming.Method), target)
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        StreamingRequestContent? body = null;
        if (HasBody(context))
        {
            body = new StreamingRequestContent(incoming.Body, context.RequestAborted);
            request.Content = body;
            // The 100-continue handshake end to end: the handler sends the head, waits for the upstream's
            // 100 (or ExpectContinueTimeout) before it reads the client's body, and that first read is
            // when Kestrel sends the client its own 100. An upstream that answers with a final status
            // instead gets it to the client before the client was invited to send anything.
            if (ExpectsContinue(incoming.Headers.Expect)) request.Headers.ExpectContinue = true;
        }

        foreach (var (name, values) in EndToEndHeaders(context))
        {
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                body?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }

        foreach (var (name, value) in ForwardedHeaders(context))
            request.Headers.TryAddWithoutValidation(name, value);
        return (request, body);
    }

    /// <summary>
    /// The client's headers that travel on: all but the hop-by-hop ones and those the gateway sets itself.
    /// Shared with the WebSocket handshake, so both kinds of request carry the same fields upstream.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, StringValues>> EndToEndHeaders(HttpContext context)
    {
        var incoming = context.Request.Headers;
        var hopByHop = HopByHopHeaders.For(context);
        // The handler writes the current activity's context, and a context the gateway made replaces the
        // client's; otherwise the handler propagates nothing and the client's context goes on unchanged.
        var replacingTrace = Activity.Current is not null || GatewayTraceContext.MadeTraceParentToSend(context) is not null;
        foreach (var header in incoming)
        {
            if (hopByHop.Contains(header.Key) || Replaced.Contains(header.Key)) continue;
            if (replacingTrace && TraceContext.Contains(header.Key)) continue;
            yield return header;
        }
    }

    private static bool ExpectsContinue(StringValues expect)
    {
        foreach (var value in expect)
        {
            if (value is not null && value.Contains("100-continue", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static bool HasBody(HttpContext context)
    {
        var detection = context.Features.Get<IHttpRequestBodyDetectionFeature>();
        return detection?.CanHaveBody ?? context.Request.ContentLength > 0;
    }

    /// <summary>
    /// The fields the gateway sets itself: X-Forwarded-For/-Proto/-Host as the upstream should see them, and
    /// the trace context it made when there is no activity to propagate; shared with the WebSocket handshake.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> ForwardedHeaders(HttpContext context)
    {
        if (GatewayTraceContext.MadeTraceParentToSend(context) is { } made)
            yield return ("traceparent", made);
        var peer = context.Features.Get<ForwardingPeer>();
        if (peer is not null)
        {
            var peerText = peer.Address.ToString();
            // A trusted proxy's chain is kept and extended; anyone else's claim is replaced by what the socket saw.
            var chain = peer.Trusted && peer.ForwardedFor.Count > 0
                ? string.Join(", ", peer.ForwardedFor.Append(peerText))
                : peerText;
            yield return ("X-Forwarded-For", chain);
        }
        yield return ("X-Forwarded-Proto", context.Request.Scheme);
        if (context.Request.Host.HasValue)
            yield return ("X-Forwarded-Host", context.Request.Host.Value);
    }
}
