using Akka.Actor;
using Gateway.Actors.Caching;
using Gateway.Web.Forwarding;
using Gateway.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Gateway.Web.Caching;

/// <summary>
/// One request filling a key after a <see cref="ResponseCache.Miss"/>: tees the body while it streams to
/// the client, stamps the MISS headers as the response starts, and afterwards tells the cache exactly
/// one of <see cref="ResponseCache.Fill"/> or <see cref="ResponseCache.AbandonFill"/>. Other requests for
/// the key are waiting on that message, so <see cref="Dispose"/> abandons the fill if nothing was told.
/// </summary>
public sealed class CacheFill : IDisposable
{
    private readonly HttpContext _context;
    private readonly ResponseCache.Settings _settings;
    private readonly IActorRef _cache;
    private readonly ResponseCache.Miss _miss;
    private readonly DateTimeOffset _requestedAt;
    private readonly BodyTee _tee;
    private readonly Func<DateTimeOffset> _now;
    private StoreDecision? _decision;
    private bool _told;
    private bool _answeredFromMemory;
    private readonly bool _validatorsAdded;

    /// <param name="now">The actor system's clock, which the entries' instants are on.</param>
    public CacheFill(
        HttpContext context, ResponseCache.Settings settings, IActorRef cache, ResponseCache.Miss miss, DateTimeOffset requestedAt, Func<DateTimeOffset> now)
    {
        _context = context;
        _settings = settings;
        _cache = cache;
        _miss = miss;
        _requestedAt = requestedAt;
        _now = now;
        _tee = new BodyTee(settings.MaxEntryBytes);
        // With a stale entry: revalidate it if it has validators, and fall back on it if the upstream fails.
        _validatorsAdded = miss.Stale is { } stale && Revalidation.AddValidators(context.Request.Headers, stale);
        Hooks = new ExchangeHooks
        {
            ResponseObserver = _tee.Observe,
            TakeOver = miss.Stale is null ? null : TakeOverAsync,
            InsteadOfError = miss.Stale is null ? null : ServeStaleInsteadOfErrorAsync,
        };
        context.Response.OnStarting(static state => ((CacheFill)state).StampHeaders(), this);
    }

    /// <summary>For the dispatcher: copies each chunk before it goes to the client.</summary>
    public ExchangeHooks Hooks { get; }

    /// <summary>After the forward: store the response if it may be stored and arrived whole, else abandon.</summary>
    public void Complete(ForwardResult? result)
    {
        if (_told) return;
        // Tokens for the waiters' Cache-Status detail when they go upstream themselves.
        var reason = result?.Outcome switch
        {
            null => "no-response",
            ForwardOutcome.Responded => null,
            ForwardOutcome.ConnectFailed => "upstream-unreachable",
            ForwardOutcome.TimedOut => "upstream-timeout",
            ForwardOutcome.UpstreamFailed => "upstream-failed",
            _ => "client-aborted",
        };
        var decision = Decision();
        reason ??= decision.Store ? null : decision.Reason;
        reason ??= _tee.Overflowed ? "too-large" : null;
        if (reason is not null)
        {
            Abandon(reason);
            return;
        }
        var entry = CachedEntryFactory.Create(_context, decision, _requestedAt, _tee.Written, _settings);
        Tell(new ResponseCache.Fill(_miss.Key, _miss.Ticket, entry));
    }

    /// <summary>
    /// The upstream's answer to a request that carries a stale entry: a 304 refreshes the entry, which answers the
    /// client and is stored (RFC 9111 §4.3.4); a 500, 502, 503 or 504 within the entry's stale-if-error window is
    /// answered with the stale entry (RFC 5861 §4). Anything else is relayed and filled as after any miss.
    /// </summary>
    private async ValueTask<bool> TakeOverAsync(HttpResponseMessage response)
    {
        var stale = _miss.Stale!;
        var status = (int)response.StatusCode;
        if (status == StatusCodes.Status304NotModified)
        {
            var (entry, decision) = Revalidation.Refresh(stale, response, _context.Request, _settings, _requestedAt);
            var age = entry.AgeAt(_now());
            await AnswerFromMemoryAsync(entry, age,
                $"{CacheHeaders.CacheName}; fwd=stale; fwd-status=304; ttl={CacheHeaders.Seconds(entry.TimeToLive - age)}");
            if (decision.Store) Tell(new ResponseCache.Fill(_miss.Key, _miss.Ticket, entry));
            else Abandon(decision.Reason ?? "not-stored");
            return true;
        }
        if (status is 500 or 502 or 503 or 504 && stale.ServesOnErrorAt(_now()))
        {
            await ServeStaleAsync(stale, $"; fwd-status={status}");
            return true;
        }
        return false;
    }

    /// <summary>No upstream answered (refused by its breaker, unreachable, timed out, broken): the stale entry, if its window allows.</summary>
    private async ValueTask<bool> ServeStaleInsteadOfErrorAsync(ForwardResult? result)
    {
        if (!_miss.Stale!.ServesOnErrorAt(_now())) return false;
        await ServeStaleAsync(_miss.Stale!, "");
        return true;
    }

    private async Task ServeStaleAsync(CachedResponse stale, string fwdStatus)
    {
        var now = _now();
        await AnswerFromMemoryAsync(stale, stale.AgeAt(now),
            $"{CacheHeaders.CacheName}; hit; ttl={CacheHeaders.Seconds(stale.ExpiresAt - now)}{fwdStatus}; detail=stale-if-error");
        // The entity keeps its stale entry, and serves it to the requests waiting on this one too.
        Abandon("stale-if-error");
    }

    private Task AnswerFromMemoryAsync(CachedResponse entry, TimeSpan age, string cacheStatus)
    {
        _answeredFromMemory = true;
        // The client asked unconditionally: the validators were the cache's, for the upstream, not for this answer.
        if (_validatorsAdded) Revalidation.RemoveValidators(_context.Request.Headers);
        var outcome = RequestOutcome.Of(_context);
        outcome.Cache = CacheOutcome.Hit;
        if (!HttpMethods.IsHead(_context.Request.Method)) outcome.ResponseBytes = entry.Body.Length;
        return CachedResponseWriter.WriteAsync(_context, entry, age, collapsed: false, cacheStatus);
    }

    private void Tell(ResponseCache.Fill fill)
    {
        _cache.Tell(fill, ActorRefs.NoSender);
        _told = true;
    }

    public void Dispose()
    {
        if (!_told) Abandon("fill-failed");
        _tee.Dispose();
    }

    private void Abandon(string reason)
    {
        _cache.Tell(new ResponseCache.AbandonFill(_miss.Key, _miss.Ticket, reason), ActorRefs.NoSender);
        _told = true;
    }

    /// <summary>Decided once, from the upstream's status and headers (whichever of the two callers comes first).</summary>
    private StoreDecision Decision() => _decision ??= StorePolicy.ForResponse(_context, _settings);

    /// <summary>
    /// Whether the body will fit is not known yet, so a MISS never claims <c>stored</c>: it gives the
    /// lifetime the entry would have, or why it will not be stored.
    /// </summary>
    private Task StampHeaders()
    {
        // Answered from memory after all (a revalidated or stale entry): the hit's own headers stand.
        if (_answeredFromMemory) return Task.CompletedTask;
        var response = _context.Response;
        var decision = Decision();
        var parameters = !decision.Store ? $"detail={decision.Reason}"
            : response.ContentLength > _settings.MaxEntryBytes ? "detail=too-large"
            : $"ttl={CacheHeaders.Seconds(decision.FreshnessLeft)}";
        CacheHeaders.Set(response, CacheHeaders.Miss, CacheHeaders.Forwarded(_miss.VaryMiss ? "vary-miss" : "uri-miss", parameters));
        return Task.CompletedTask;
    }
}
