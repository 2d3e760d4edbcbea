using Gateway.Actors.CircuitBreaking;
using Gateway.Web.Forwarding;
using Gateway.Web.Http;
using Gateway.Web.Routing;
using Microsoft.AspNetCore.Http;
using static Gateway.Actors.CircuitBreaking.CircuitBreaker;

namespace Gateway.Web.Balancing;

/// <summary>
/// Sends a matched request to one of its route's upstreams, or says why the client gets the gateway's
/// own answer instead: balances over the upstreams whose breakers admit (<see cref="UpstreamBalancer"/>),
/// asks for a probe when a breaker is due, forwards, reports the outcome to the breaker, retries a failed
/// connect once elsewhere, and returns the 400/503/502/504 for the pipeline to write. Whatever wraps the
/// upstream call (the cache) calls this; the choice of upstream lives here alone.
/// </summary>
public sealed class UpstreamDispatcher(HttpForwarder forwarder, UpstreamPools pools, BreakerGate gate)
{
    /// <summary>How a dispatch ended.</summary>
    /// <param name="Result">How the last forward attempt ended; null when no upstream was called.</param>
    /// <param name="Refusal">The gateway's own answer, when the client is still owed one.</param>
    public readonly record struct Dispatched(ForwardResult? Result, Refusal? Refusal);

    public async Task<Dispatched> SendAsync(HttpContext context, RouteMatch match, ExchangeHooks? hooks = null)
    {
        var route = match.Route;
        var downstreamPath = route.StripPrefix ? match.Remainder : context.Request.Path.Value ?? "/";
        // Whether the path is safe does not depend on the upstream: check before any breaker is consulted.
        if (UpstreamAddress.Build(route.Upstreams[0], downstreamPath, context.Request.QueryString) is not { } firstTarget)
            return new Dispatched(null, UpstreamAddress.BadPath);

        var pool = pools.For(route);
        var outcome = RequestOutcome.Of(context);
        var mayProbe = true;
        var excluded = -1;
        ForwardResult? result = null;

        // At most two attempts: the second only on another upstream, after a connect failure that sent nothing.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var choice = UpstreamBalancer.Choose(pool, gate.Board, gate.Now, excluded, mayProbe);
            var probe = false;
            var epoch = choice.Epoch;
            if (choice.Kind == ChoiceKind.AskForProbe)
            {
                mayProbe = false; // one Ask per request, whatever the answer
                switch (await gate.RequestProbeAsync(pool.Keys[choice.Index]))
                {
                    case ProbeGranted granted:
                        probe = true;
                        epoch = granted.Epoch;
                        break;
                    case var refusal:
                        // Another request is the probe (or no answer came): use a closed sibling if there is one.
                        var retryAfter = refusal is Rejected rejected ? rejected.RetryAfter : BreakerSnapshot.ProbePendingRetryAfter;
                        choice = Fallback(UpstreamBalancer.Choose(pool, gate.Board, gate.Now, excluded, mayProbe: false), choice, retryAfter);
                        epoch = choice.Epoch;
                        break;
                }
            }

            if (choice.Kind is ChoiceKind.Refused or ChoiceKind.None)
            {
                // A retry with nowhere to go: the client gets the first attempt's own error.
                if (result is not null) break;
                if (choice.Index >= 0)
                {
                    outcome.Upstream = pool.Authorities[choice.Index];
                    outcome.Breaker = choice.State;
                }
                if (hooks?.InsteadOfError is { } instead && await instead(null)) return new Dispatched(null, null);
                return new Dispatched(null, FailFast.RefusalFor(route.Id, pool.Count, choice.RetryAfter));
            }

            var index = choice.Index;
            outcome.Upstream = pool.Authorities[index];
            outcome.Breaker = probe ? BreakerState.HalfOpen : choice.State;
            var target = index == 0 ? firstTarget : UpstreamAddress.Build(route.Upstreams[index], downstreamPath, context.Request.QueryString)!;
            result = await ForwardAsync(context, pool, index, target, new AttemptReport(gate, pool.Keys[index], epoch, probe), hooks);

            if (!(result.SafeToRetry && IsIdempotent(context.Request.Method) && pool.Count > 1)) break;
            excluded = index;
        }

        outcome.RequestBytes = result!.RequestBytes;
        outcome.ResponseBytes = result.ResponseBytes;
        if (!result.ResponseStarted && !(hooks?.InsteadOfError is { } insteadOfError && IsUpstreamFailure(result) && await insteadOfError(result)))
            return new Dispatched(result, ForwardErrors.RefusalFor(route.Id, result));
        return new Dispatched(result, null);
    }

    private async Task<ForwardResult> ForwardAsync(HttpContext context, UpstreamPool pool, int index, Uri target,
        AttemptReport report, ExchangeHooks? hooks)
    {
        pool.Enter(index);
        ForwardResult result;
        try
        {
            result = await forwarder.ForwardAsync(context, target, pool.Route.CallTimeout, hooks, report.OnResponseHead);
        }
        catch
        {
            report.OnAbandoned();
            throw;
        }
        finally
        {
            pool.Leave(index);
        }
        report.OnFinished(result);
        return result;
    }

    /// <summary>After a refused probe: the closed sibling the balancer found, else a refusal with the soonest retry known.</summary>
    private static UpstreamChoice Fallback(UpstreamChoice next, UpstreamChoice asked, TimeSpan askedRetryAfter)
    {
        if (next.Kind == ChoiceKind.Forward) return next;
        if (next.Kind == ChoiceKind.Refused && next.RetryAfter <= askedRetryAfter) return next;
        return new UpstreamChoice(ChoiceKind.Refused, asked.Index, asked.Epoch, asked.State, askedRetryAfter);
    }

    /// <summary>The upstream could not answer (not the client's doing): what a caller may answer for instead.</summary>
    private static bool IsUpstreamFailure(ForwardResult result) =>
        result.Outcome is ForwardOutcome.ConnectFailed or ForwardOutcome.TimedOut or ForwardOutcome.UpstreamFailed;

    // RFC 9110 §9.2.2; a request that failed to connect sent nothing, so these may go elsewhere.
    private static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsTrace(method);
}
