using System.Diagnostics;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.Web.Observability;

namespace Gateway.EndToEnd.Tests.Operations;

/// <summary>One trace from the client through the gateway to the service: W3C trace context carried over.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task Upstream_GetsTheClientsTraceId_WithTheGatewaysProxySpanAsParent()
    {
        var clientTrace = ActivityTraceId.CreateRandom();
        var clientSpan = ActivitySpanId.CreateRandom();
        using var spans = new ProxySpans(clientTrace);

        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        await using var gateway = await TestGateway.StartForAsync(upstreamApp.Address);
        using var client = TestClients.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("/up/echo/traced"));
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{clientTrace}-{clientSpan}-01");
        request.Headers.TryAddWithoutValidation("tracestate", "client=1");

        using var response = await client.SendAsync(request);
        var echoed = await EchoedRequest.ReadAsync(response);

        var traceparent = echoed.Header("traceparent");
        Assert.NotNull(traceparent);
        var parts = traceparent!.Split('-');
        Assert.Equal(4, parts.Length);
        Assert.Equal(clientTrace.ToHexString(), parts[1]);
        Assert.NotEqual(clientSpan.ToHexString(), parts[2]);
        Assert.Equal("client=1", echoed.Header("tracestate"));

        // The span ends once the response is written, which may be just after the client has read it.
        var span = await spans.Stopped;
        // The upstream's parent is the gateway's outgoing HTTP call, made under the proxy span.
        var call = await spans.UpstreamCall;
        Assert.Equal(call.SpanId.ToHexString(), parts[2]);
        Assert.Equal(span.SpanId, call.ParentSpanId);
        // With no exporter ASP.NET makes no activity of its own, so the proxy span continues the client's.
        Assert.Equal(clientSpan, span.ParentSpanId);
        Assert.Equal("up", span.GetTagItem("gateway.route"));
        Assert.Equal(upstreamApp.Address.GetLeftPart(UriPartial.Authority), span.GetTagItem("gateway.upstream"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("gateway.proxy up", span.DisplayName);
    }

    [Fact]
    public async Task WithNoRequestLogAndNoExport_TheClientsTraceContext_ReachesTheUpstreamAsItCame()
    {
        var traceparent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";
        var (upstreamApp, _) = await TestUpstream.StartAsync();
        await using var _u = upstreamApp;
        // Nothing reads a per-request activity then, so the gateway makes none and passes the headers on.
        await using var gateway = await TestGateway.StartForAsync(upstreamApp.Address, "gateway.logging.requests = off");
        using var client = TestClients.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("/up/echo/traced"));
        request.Headers.TryAddWithoutValidation("traceparent", traceparent);
        request.Headers.TryAddWithoutValidation("tracestate", "client=1");

        using var response = await client.SendAsync(request);
        var echoed = await EchoedRequest.ReadAsync(response);

        Assert.Equal(traceparent, echoed.Header("traceparent"));
        Assert.Equal("client=1", echoed.Header("tracestate"));
    }

    [Fact]
    public async Task FailedUpstreamCall_MarksTheProxySpanAsAnError()
    {
        var trace = ActivityTraceId.CreateRandom();
        using var spans = new ProxySpans(trace);

        await using var gateway = await TestGateway.StartForAsync(new Uri($"http://127.0.0.1:{TestClients.ClosedPort()}"));
        using var client = TestClients.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url("/up/anything"));
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await client.SendAsync(request);

        Assert.Equal(502, (int)response.StatusCode);
        var span = await spans.Stopped;
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(502, span.GetTagItem("http.response.status_code"));
    }

    /// <summary>
    /// Listens to the gateway's activity source and .NET's HttpClient one, as OpenTelemetry does when
    /// OTLP export is on (process-wide: tests running alongside make spans too, so only the given
    /// trace's are taken), and completes when the proxy span and the upstream call have stopped.
    /// </summary>
    private sealed class ProxySpans : IDisposable
    {
        private readonly TaskCompletionSource<Activity> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<Activity> _call = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ActivityListener _listener;

        public ProxySpans(ActivityTraceId trace)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is GatewayTelemetry.Name or "System.Net.Http",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.TraceId != trace) return;
                    if (activity.OperationName == GatewayTelemetry.ProxySpanName) _stopped.TrySetResult(activity);
                    else if (activity.Source.Name == "System.Net.Http") _call.TrySetResult(activity);
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public Task<Activity> Stopped => _stopped.Task.WaitAsync(TimeSpan.FromSeconds(10));

        public Task<Activity> UpstreamCall => _call.Task.WaitAsync(TimeSpan.FromSeconds(10));

        public void Dispose() => _listener.Dispose();
    }
}
