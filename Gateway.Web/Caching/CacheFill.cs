using Akka.Actor;
using Gateway.Actors.Caching;
using Gateway.Web.Forwarding;
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
    private StoreDecision? _decision;
    private bool _told;

    public CacheFill(HttpContext context, ResponseCache.Settings settings, IActorRef cache, ResponseCache.Miss miss, DateTimeOffset requestedAt)
    {
        _context = context;
        _settings = settings;
        _cache = cache;
        _miss = miss;
        _requestedAt = requestedAt;
        _tee = new BodyTee(settings.MaxEntryBytes);
        Observer = _tee.Observe;
        context.Response.OnStarting(static state => ((CacheFill)state).StampHeaders(), this);
    }

    /// <summary>The dispatcher's response observer: copies each chunk before it goes to the client.</summary>
    public Action<ReadOnlyMemory<byte>> Observer { get; }

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
        var entry = CachedEntryFactory.Create(_context, decision, _requestedAt, _tee.Written);
        _cache.Tell(new ResponseCache.Fill(_miss.Key, _miss.Ticket, entry), ActorRefs.NoSender);
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
        var response = _context.Response;
        var decision = Decision();
        var parameters = !decision.Store ? $"detail={decision.Reason}"
            : response.ContentLength > _settings.MaxEntryBytes ? "detail=too-large"
            : $"ttl={CacheHeaders.Seconds(decision.FreshnessLeft)}";
        CacheHeaders.Set(response, CacheHeaders.Miss, CacheHeaders.Forwarded("uri-miss", parameters));
        return Task.CompletedTask;
    }
}
