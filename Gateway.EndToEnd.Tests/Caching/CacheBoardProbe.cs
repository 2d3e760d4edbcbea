using Akka.Actor;
using Gateway.Actors.Caching;
using Gateway.EndToEnd.Tests.Infrastructure;
using Gateway.EndToEnd.Tests.Operations.Support;
using Gateway.Web.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.Caching;

/// <summary>
/// What the gateway's shared cache board holds for a URI of the route <c>up</c>: lets a test make sure a
/// hit is answered from the board and not by asking the cache actor.
/// </summary>
public sealed class CacheBoardProbe(RunningApp gateway)
{
    private readonly CacheBoard _board = gateway.App.Services.GetRequiredService<CacheBoard>();
    private readonly ActorSystem _system = gateway.App.Services.GetRequiredService<ActorSystem>();

    public long Hits => _board.Hits;

    /// <summary>Whether a fresh response for a request with these fields (none: without fields) is on the board.</summary>
    public bool HoldsFresh(string pathAndQuery, params (string Name, string Value)[] fields)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var key = query < 0
            ? CacheKey.ForGet("up", pathAndQuery, null)
            : CacheKey.ForGet("up", pathAndQuery[..query], pathAndQuery[query..]);
        var request = new RequestFields([.. fields.Select(f => new CachedHeader(f.Name, f.Value))]);
        return _board.TryGetFresh(key, _system.Scheduler.Now, request, out _);
    }

    /// <summary>The fill is told to the cache after the response went out, so it is published a moment later.</summary>
    public Task WaitUntilPublishedAsync(string pathAndQuery, params (string Name, string Value)[] fields) =>
        Eventually.MatchesAsync(() => Task.FromResult(HoldsFresh(pathAndQuery, fields)), fresh => fresh,
            $"{pathAndQuery} to be published on the cache board", TimeSpan.FromSeconds(2));

    /// <summary>Until the board no longer answers for it: expired on the gateway's clock, or taken away; bounded.</summary>
    public Task WaitUntilNotFreshAsync(string pathAndQuery, TimeSpan timeout) =>
        Eventually.MatchesAsync(() => Task.FromResult(HoldsFresh(pathAndQuery)), fresh => !fresh,
            $"{pathAndQuery} to leave the cache board", timeout);
}
