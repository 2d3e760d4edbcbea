using Akka.Actor;
using Gateway.Actors.RateLimiting;
using Gateway.Actors.Tests.Sharding;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>
/// A TestKit on virtual time with limiter entities behind a <see cref="ShardStandIn"/> (the "region"),
/// a lease desk when leases are on, and small helpers to talk to them as the web layer does.
/// </summary>
public abstract class RateLimiterTestKit : VirtualTimeTestKit
{
    protected static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>3 requests in any 60 s, the example policy.</summary>
    protected static readonly RateLimiter.Settings ThreePerMinute =
        RateLimiter.Settings.Default with { Requests = 3, Window = TimeSpan.FromSeconds(60), IdleTimeout = TimeSpan.FromSeconds(60) };

    /// <param name="leases">Whether checks name a lease desk publishing on <see cref="Board"/>; off (most tests): every check is decided one by one.</param>
    protected RateLimiterTestKit(bool leases = false)
    {
        Board = leases ? new RateLimitBoard() : null;
        Desk = Board is null ? null : Sys.ActorOf(RateLimiter.DeskProps(Board), "rate-limit-desk");
        Registry = Sys.ActorOf(Props.Create(() => new ShardStandIn(RateLimiter.MessageExtractor, _ => RateLimiter.EntityProps())), "rate-limiter");
    }

    /// <summary>Where checks go: the stand-in for the shard region.</summary>
    protected IActorRef Registry { get; }

    protected RateLimitBoard? Board { get; }

    protected IActorRef? Desk { get; }

    protected RateLimiter.Check CheckOf(string client, RateLimiter.Settings policy, string policyId = "default") =>
        new(policyId, client, policy) { Desk = Desk };

    protected Task<RateLimiter.Decision> CheckAsync(string client, RateLimiter.Settings policy, string policyId = "default") =>
        Registry.Ask<RateLimiter.Decision>(CheckOf(client, policy, policyId), AskTimeout);

    /// <summary>
    /// Spends a client's whole quota now, then asks once a tick before <paramref name="edge"/> and once
    /// at it: the answers either side of the moment a request should be admitted again.
    /// </summary>
    protected async Task<(RateLimiter.Decision JustBefore, RateLimiter.Decision AtTheEdge)> ExhaustThenCheckAroundAsync(
        string client, RateLimiter.Settings policy, TimeSpan edge)
    {
        for (var i = 0; i < policy.Requests; i++) await CheckAsync(client, policy);
        Clock.Advance(edge - TimeSpan.FromTicks(1));
        var justBefore = await CheckAsync(client, policy);
        Clock.Advance(TimeSpan.FromTicks(1));
        return (justBefore, await CheckAsync(client, policy));
    }

    protected Task<int> LiveLimitersAsync() => Registry.Ask<int>(ShardStandIn.LiveEntities.Instance, AskTimeout);

    /// <summary>
    /// The limiter actor of one client. Resolving it also waits until it has finished every message
    /// sent to it before, so its receive timeout is armed from the current virtual time.
    /// </summary>
    protected Task<IActorRef> LimiterAsync(string client, string policyId = "default") =>
        Sys.ActorSelection(Registry.Path / Uri.EscapeDataString(LimiterName.For(policyId, client, ClientKeySource.ClientIp))).ResolveOne(AskTimeout);
}
