using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Web.Forwarding;

/// <summary>Turns the client's request into the upstream's: method, end-to-end headers, streamed body, X-Forwarded-*.</summary>
public static class UpstreamRequestFactory
{
    // Set by the gateway itself, never copied: Host is the upstream's (HttpClient writes it from the URI).
    private static readonly HashSet<string> Replaced = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded",
        // Kestrel answers 100-continue itself when the body is read; passing it on would make the
        // handler wait for a second 100 from the upstream.
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
        }

        var hopByHop = HopByHopHeaders.For(incoming.Headers.Connection);
        // Without a current activity the handler propagates nothing, so the client's context goes on unchanged.
        var propagating = Activity.Current is not null;
        foreach (var (name, values) in incoming.Headers)
        {
            if (hopByHop.Contains(name) || Replaced.Contains(name)) continue;
            if (propagating && TraceContext.Contains(name)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                body?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }

        AddForwardedHeaders(context, request);
        return (request, body);
    }

    private static bool HasBody(HttpContext context)
    {
        var detection = context.Features.Get<IHttpRequestBodyDetectionFeature>();
        return detection?.CanHaveBody ?? context.Request.ContentLength > 0;
    }

    private static void AddForwardedHeaders(HttpContext context, HttpRequestMessage request)
    {
        var peer = context.Features.Get<ForwardingPeer>();
        if (peer is not null)
        {
            var peerText = peer.Address.ToString();
            // A trusted proxy's chain is kept and extended; anyone else's claim is replaced by what the socket saw.
            var chain = peer.Trusted && peer.ForwardedFor.Count > 0
                ? string.Join(", ", peer.ForwardedFor.Append(peerText))
                : peerText;
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", chain);
        }
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", context.Request.Scheme);
        if (context.Request.Host.HasValue)
            request.Headers.TryAddWithoutValidation("X-Forwarded-Host", context.Request.Host.Value);
    }
}
