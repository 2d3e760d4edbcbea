using Akka.Actor;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>Idle limiters go away, and going away never loses, doubles or forgets a decision.</summary>
public class PassivationTests : RateLimiterTestKit
{
    private static readonly RateLimiter.Settings TenSeconds =
        ThreePerMinute with { Window = TimeSpan.FromSeconds(10), IdleTimeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task IdleLimiters_AreStopped_AndTheLiveCountDrops()
    {
        string[] clients = ["10.0.0.1", "10.0.0.2", "2001:db8::7"];
        foreach (var client in clients) await CheckAsync(client, TenSeconds);
        var watcher = CreateTestProbe();
        var limiters = new List<IActorRef>();
        foreach (var client in clients)
        {
            var limiter = await LimiterAsync(client);
            watcher.Watch(limiter);
            limiters.Add(limiter);
        }
        Assert.Equal(3, await LiveLimitersAsync());

        Clock.Advance(TimeSpan.FromSeconds(10));

        var stopped = new List<IActorRef>();
        for (var i = 0; i < limiters.Count; i++)
            stopped.Add((await watcher.ExpectMsgAsync<Terminated>(AskTimeout)).ActorRef);
        Assert.Equivalent(limiters, stopped);
        await AwaitAssertAsync(async () => Assert.Equal(0, await LiveLimitersAsync()), AskTimeout);
    }

    [Fact]
    public async Task LimiterInUse_IsNotStopped_BetweenRequestsCloserThanItsIdleTimeout()
    {
        await CheckAsync("10.0.0.1", TenSeconds);
        var limiter = await LimiterAsync("10.0.0.1");

        for (var i = 0; i < 4; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(9));
            await CheckAsync("10.0.0.1", TenSeconds);
            await LimiterAsync("10.0.0.1");
        }

        Assert.Equal(limiter, await LimiterAsync("10.0.0.1"));
    }

    [Fact]
    public async Task ClientReturningAfterPassivation_GetsAFreshLimiter_BecauseItsWindowHasPassed()
    {
        for (var i = 0; i < 3; i++) await CheckAsync("10.0.0.1", TenSeconds);
        var old = await LimiterAsync("10.0.0.1");
        var watcher = CreateTestProbe();
        watcher.Watch(old);

        Clock.Advance(TimeSpan.FromSeconds(10));
        await watcher.ExpectTerminatedAsync(old, AskTimeout);
        var back = await CheckAsync("10.0.0.1", TenSeconds);

        Assert.True(back.Allowed);
        Assert.Equal(2, back.Remaining);
        Assert.NotEqual(old, await LimiterAsync("10.0.0.1"));
    }

    [Fact]
    public async Task LimiterWhoseRequestsStillCount_IsNotPassivated_EvenWithAShortIdleTimeout()
    {
        // Settings.Create refuses an idle timeout below the window; the limiter must be safe anyway.
        var shortIdle = TenSeconds with { IdleTimeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 3; i++) await CheckAsync("10.0.0.1", shortIdle);
        var limiter = await LimiterAsync("10.0.0.1");
        var watcher = CreateTestProbe();
        watcher.Watch(limiter);

        Clock.Advance(TimeSpan.FromSeconds(2));                   // idle timeout fires, history still counts
        await LimiterAsync("10.0.0.1");
        Clock.Advance(TimeSpan.FromSeconds(6));                   // and again, t = 8
        await LimiterAsync("10.0.0.1");
        var stillLimited = await CheckAsync("10.0.0.1", shortIdle);

        Assert.False(stillLimited.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(2), stillLimited.RetryAfter);
        Assert.Equal(limiter, await LimiterAsync("10.0.0.1"));

        Clock.Advance(TimeSpan.FromSeconds(2));                   // t = 10: nothing counts any more
        await watcher.ExpectTerminatedAsync(limiter, AskTimeout);
    }

    [Fact]
    public async Task CheckArrivingWhileTheLimiterStops_IsHeldBack_AndAnsweredOnceByAFreshLimiter()
    {
        var patient = TenSeconds with { IdleTimeout = TimeSpan.FromSeconds(30) };
        var check = new RateLimiter.Check("default", "10.0.0.1", patient);
        await CheckAsync("10.0.0.1", patient);
        Clock.Advance(TimeSpan.FromSeconds(10));                  // window passed, idle timeout not yet
        var old = await LimiterAsync("10.0.0.1");
        var watcher = CreateTestProbe();
        watcher.Watch(old);
        var client = CreateTestProbe();

        // The limiter's own request to go, and a check right behind it.
        Registry.Tell(new RateLimiter.Passivate("default", "10.0.0.1"), old);
        Registry.Tell(check, client.Ref);

        await watcher.ExpectTerminatedAsync(old, AskTimeout);
        var decision = await client.ExpectMsgAsync<RateLimiter.Decision>(AskTimeout);
        Assert.True(decision.Allowed);
        Assert.Equal(2, decision.Remaining);
        await client.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Assert.NotEqual(old, await LimiterAsync("10.0.0.1"));
        Assert.Equal(1, await LiveLimitersAsync());
    }

    [Fact]
    public async Task ChecksThatReachTheLimiterAfterItAskedToGo_KeepItAlive_AndEveryCheckIsAnsweredOnceInOrder()
    {
        var patient = TenSeconds with { IdleTimeout = TimeSpan.FromSeconds(30) };
        var check = new RateLimiter.Check("default", "10.0.0.1", patient);
        await CheckAsync("10.0.0.1", patient);
        Clock.Advance(TimeSpan.FromSeconds(10));
        var limiter = await LimiterAsync("10.0.0.1");
        var watcher = CreateTestProbe();
        watcher.Watch(limiter);
        var client = CreateTestProbe();

        // The first check is already on its way to the limiter when the registry handles the request to
        // go; the rest are held back. Stopping now would forget the first one's request.
        Registry.Tell(check, client.Ref);
        Registry.Tell(new RateLimiter.Passivate("default", "10.0.0.1"), limiter);
        for (var i = 0; i < 4; i++) Registry.Tell(check, client.Ref);

        var decisions = new List<RateLimiter.Decision>();
        for (var i = 0; i < 5; i++) decisions.Add(await client.ExpectMsgAsync<RateLimiter.Decision>(AskTimeout));
        await client.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        Assert.Equal([true, true, true, false, false], decisions.Select(d => d.Allowed));
        Assert.Equal([2, 1, 0, 0, 0], decisions.Select(d => d.Remaining));
        Assert.Equal(limiter, await LimiterAsync("10.0.0.1"));
        await watcher.ExpectNoMsgAsync(TimeSpan.Zero);
    }

    [Fact]
    public async Task PassivationRequestFromAnyoneButTheLimiter_IsIgnored()
    {
        for (var i = 0; i < 3; i++) await CheckAsync("10.0.0.1", TenSeconds);
        var limiter = await LimiterAsync("10.0.0.1");

        Registry.Tell(new RateLimiter.Passivate("default", "10.0.0.1"), TestActor);
        var decision = await CheckAsync("10.0.0.1", TenSeconds);

        Assert.False(decision.Allowed);
        Assert.Equal(limiter, await LimiterAsync("10.0.0.1"));
    }
}
