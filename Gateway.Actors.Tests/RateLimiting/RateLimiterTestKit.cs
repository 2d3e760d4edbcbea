using Akka.Actor;
using Akka.TestKit;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>A TestKit on virtual time with one limiter registry and small helpers to talk to it.</summary>
public abstract class RateLimiterTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>3 requests in any 60 s, the example policy.</summary>
    protected static readonly RateLimiter.Settings ThreePerMinute =
        RateLimiter.Settings.Default with { Requests = 3, Window = TimeSpan.FromSeconds(60), IdleTimeout = TimeSpan.FromSeconds(60) };

    protected RateLimiterTestKit() : base(VirtualTimeConfig.Hocon)
    {
        Registry = Sys.ActorOf(RateLimiter.Props(), "rate-limiter");
    }

    protected IActorRef Registry { get; }

    protected TestScheduler Clock => Sys.VirtualScheduler();

    protected Task<RateLimiter.Decision> CheckAsync(string client, RateLimiter.Settings policy, string policyId = "default") =>
        Registry.Ask<RateLimiter.Decision>(new RateLimiter.Check(policyId, client, policy), AskTimeout);

    protected async Task<int> LiveLimitersAsync() =>
        (await Registry.Ask<RateLimiter.Stats>(RateLimiter.GetStats.Instance, AskTimeout)).LiveLimiters;

    /// <summary>
    /// The limiter actor of one client. Resolving it also waits until it has finished every message
    /// sent to it before, so its receive timeout is armed from the current virtual time.
    /// </summary>
    protected Task<IActorRef> LimiterAsync(string client, string policyId = "default") =>
        Sys.ActorSelection(Registry.Path / LimiterName.For(policyId, client, ClientKeySource.ClientIp)).ResolveOne(AskTimeout);
}
