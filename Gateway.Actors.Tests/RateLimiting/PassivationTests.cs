using Akka.Actor;
using Akka.Cluster.Sharding;
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

    /// <summary>
    /// The limiter's side of passivation, with a probe as its shard: it asks to go only when idle, sends
    /// every check that reaches it afterwards back to the shard (with the client as sender, for the next
    /// incarnation to answer), and stops on the stop message it named.
    /// </summary>
    [Fact]
    public async Task IdleLimiter_AsksItsShardToStopIt_SendsLaterChecksBack_AndStopsOnTheStopMessage()
    {
        var shard = CreateTestProbe();
        var limiter = shard.ChildActorOf(RateLimiter.EntityProps());
        var client = CreateTestProbe();
        var watcher = CreateTestProbe();
        watcher.Watch(limiter);
        limiter.Tell(CheckOf("10.0.0.1", TenSeconds), client.Ref);
        await client.ExpectMsgAsync<RateLimiter.Decision>(AskTimeout);

        Clock.Advance(TimeSpan.FromSeconds(10));
        var passivate = await shard.ExpectMsgAsync<Passivate>(AskTimeout);
        var late = CheckOf("10.0.0.1", TenSeconds);
        limiter.Tell(late, client.Ref);

        Assert.Same(late, await shard.ExpectMsgAsync<RateLimiter.Check>(AskTimeout));
        Assert.Equal(client.Ref, shard.LastSender);
        await client.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        limiter.Tell(passivate.StopMessage, shard.Ref);
        await watcher.ExpectTerminatedAsync(limiter, AskTimeout);
    }

    [Fact]
    public async Task LimiterWithRequestsThatStillCount_DoesNotAskToGo()
    {
        var shard = CreateTestProbe();
        var limiter = shard.ChildActorOf(RateLimiter.EntityProps());
        var shortIdle = TenSeconds with { IdleTimeout = TimeSpan.FromSeconds(2) };
        limiter.Tell(CheckOf("10.0.0.1", shortIdle), TestActor);
        await ExpectMsgAsync<RateLimiter.Decision>(AskTimeout);

        Clock.Advance(TimeSpan.FromSeconds(2));
        await shard.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        Clock.Advance(TimeSpan.FromSeconds(8));                   // t = 10: the request no longer counts
        await shard.ExpectMsgAsync<Passivate>(AskTimeout);
    }
}
