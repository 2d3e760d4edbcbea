using Akka.Actor;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>
/// Leases of permits to the request path (<see cref="PermitLease"/>), through the registry on virtual time,
/// taking permits the way the web layer does: from the board when the client has a lease, otherwise by asking.
/// </summary>
public class PermitLeaseTests() : RateLimiterTestKit(leases: true)
{
    private const string Client = "10.0.0.1";

    private static readonly RateLimiter.Settings HundredPerMinute =
        RateLimiter.Settings.Default with { Requests = 100, Window = TimeSpan.FromSeconds(60), IdleTimeout = TimeSpan.FromSeconds(60) };

    // A 60 s window gives leases the longest lifetime, 100 ms.
    private static readonly TimeSpan LeaseLifetime = TimeSpan.FromMilliseconds(100);

    private RateLimitBoard Leases => Board!;

    [Theory]
    [InlineData(RateLimitAlgorithm.SlidingLog)]
    [InlineData(RateLimitAlgorithm.TokenBucket)]
    public async Task BusyClient_IsAdmittedExactlyItsQuota_WithRemainingCountingDownOneByOne(RateLimitAlgorithm algorithm)
    {
        var policy = HundredPerMinute with { Algorithm = algorithm };
        var admitted = new List<RateLimiter.Decision>();
        var fromLeases = 0;
        RateLimiter.Decision decision;
        while ((decision = await RequestAsync(policy, () => fromLeases++)).Allowed) admitted.Add(decision);

        Assert.Equal(100, admitted.Count);
        Assert.Equal(Enumerable.Range(0, 100).Reverse(), admitted.Select(d => d.Remaining));
        Assert.True(fromLeases > 50, $"only {fromLeases} of 100 requests took a leased permit");
        Assert.False(decision.Allowed);
        // The last lease was closed before that denial; its desk takes it off the board right after reporting it.
        await AwaitConditionAsync(() => Task.FromResult(Leases.OpenLeases == 0), AskTimeout);
    }

    [Fact]
    public async Task CheckSentBeforeItsNodeSawTheLease_IsAnsweredFromTheLease_WhichStaysOpen()
    {
        await CheckAsync(Client, HundredPerMinute);
        await CheckAsync(Client, HundredPerMinute);
        await AwaitConditionAsync(() => Task.FromResult(Leases.OpenLeases == 1), AskTimeout);
        var lease = Leases.LeaseOf("default", Client);
        Assert.True(Leases.TryAdmit("default", Client, HundredPerMinute, out var first, out _));

        // Asks although the lease has permits left, as a check that left its node before the grant arrived.
        var asked = await CheckAsync(Client, HundredPerMinute);

        Assert.True(asked.Allowed);
        Assert.Equal(first - 1, asked.Remaining);
        // The lease was not closed for it: the node goes on taking from it, the count going on down.
        Assert.Same(lease, Leases.LeaseOf("default", Client));
        Assert.True(Leases.TryAdmit("default", Client, HundredPerMinute, out var next, out _));
        Assert.Equal(first - 2, next);
    }

    [Fact]
    public async Task LeaseRevokedByAReload_WhoseDeskNeverAnswers_IsGivenUpOn_AndItsNodesCheckDecided()
    {
        var silentDesk = CreateTestProbe();
        RateLimiter.Check FromSilentNode(RateLimiter.Settings policy) => new("default", Client, policy) { Desk = silentDesk.Ref };
        await Registry.Ask<RateLimiter.Decision>(FromSilentNode(HundredPerMinute), AskTimeout);
        await Registry.Ask<RateLimiter.Decision>(FromSilentNode(HundredPerMinute), AskTimeout);
        await silentDesk.ExpectMsgAsync<RateLimiter.GrantLease>(AskTimeout);

        // A reload changes the policy: the lease is revoked, and its desk (its node gone) never answers.
        var reloaded = HundredPerMinute with { Requests = 200 };
        await CheckAsync(Client, reloaded);
        await silentDesk.ExpectMsgAsync<RateLimiter.RevokeLease>(AskTimeout);
        var waiting = Registry.Ask<RateLimiter.Decision>(FromSilentNode(reloaded), AskTimeout);
        await LimiterAsync(Client);
        Assert.False(waiting.IsCompleted);

        Clock.Advance(LeaseLifetime + ClientLimiter.LeaseReturnGrace);

        Assert.True((await waiting).Allowed);
    }

    [Fact]
    public async Task PermitsNotTaken_AreTheClientsAgain_WhenTheLeaseExpires()
    {
        await CheckAsync(Client, HundredPerMinute);
        await CheckAsync(Client, HundredPerMinute);
        await AwaitConditionAsync(() => Task.FromResult(Leases.OpenLeases == 1), AskTimeout);
        for (var i = 0; i < 3; i++) Assert.True(Leases.TryAdmit("default", Client, HundredPerMinute, out _, out _));

        Clock.Advance(LeaseLifetime);
        await AwaitConditionAsync(() => Task.FromResult(Leases.OpenLeases == 0), AskTimeout);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var next = await CheckAsync(Client, HundredPerMinute);

        // 2 asked, 3 taken from the lease, and this one.
        Assert.Equal(100 - 6, next.Remaining);
    }

    [Fact]
    public async Task TakenPermit_CountsForAWholeWindow_FromWhenItsLeaseClosed()
    {
        await CheckAsync(Client, HundredPerMinute);
        await CheckAsync(Client, HundredPerMinute);
        await AwaitConditionAsync(() => Task.FromResult(Leases.OpenLeases == 1), AskTimeout);
        for (var i = 0; i < 8; i++) Assert.True(Leases.TryAdmit("default", Client, HundredPerMinute, out _, out _));
        Clock.Advance(TimeSpan.FromMilliseconds(50));
        await CheckAsync(Client, HundredPerMinute);     // closes the lease: its 8 count from now
        // That check was busy enough for a new lease; let it run out unused, in a step of its own.
        await AwaitConditionAsync(() => Task.FromResult(Leases.OpenLeases == 1), AskTimeout);
        Clock.Advance(LeaseLifetime);
        await AwaitConditionAsync(() => Task.FromResult(Leases.OpenLeases == 0), AskTimeout);
        await LimiterAsync(Client);

        Clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(50) - LeaseLifetime + TimeSpan.FromTicks(1));
        var afterTheFirstTwo = await CheckAsync(Client, HundredPerMinute);
        Clock.Advance(TimeSpan.FromMilliseconds(50));
        var afterTheLease = await CheckAsync(Client, HundredPerMinute);

        Assert.Equal(100 - 8 - 1 - 1, afterTheFirstTwo.Remaining);
        Assert.Equal(100 - 1 - 1, afterTheLease.Remaining);
    }

    [Fact]
    public async Task ClientNearItsLimit_GetsNoLease_SoTheLastPermitsAreDecidedOneByOne()
    {
        var tenPerMinute = HundredPerMinute with { Requests = 10 };
        var decisions = new List<RateLimiter.Decision>();
        for (var i = 0; i < 11; i++)
        {
            decisions.Add(await CheckAsync(Client, tenPerMinute));
            Assert.Equal(0, Leases.OpenLeases);
        }

        Assert.Equal(10, decisions.Count(d => d.Allowed));
    }

    [Fact]
    public async Task LeaseUnderTheOldPolicy_IsNotUsed_AfterAReload()
    {
        await CheckAsync(Client, HundredPerMinute);
        await CheckAsync(Client, HundredPerMinute);
        await AwaitConditionAsync(() => Task.FromResult(Leases.OpenLeases == 1), AskTimeout);
        var reloaded = HundredPerMinute with { Requests = 50 };

        Assert.False(Leases.TryAdmit("default", Client, reloaded, out _, out _));
        // Decided once the node's desk has closed the old lease and counted it (nothing was taken).
        var decision = await CheckAsync(Client, reloaded);
        Assert.Equal(50 - 3, decision.Remaining);
    }

    [Fact]
    public async Task LeasesOff_EveryRequestIsAsked()
    {
        var strict = HundredPerMinute with { Leases = false };
        for (var i = 0; i < 20; i++) await CheckAsync(Client, strict);

        Assert.Equal(0, Leases.OpenLeases);
        Assert.False(Leases.TryAdmit("default", Client, strict, out _, out _));
    }

    [Fact]
    public async Task ClientRequestingOnceASecond_GetsNoLease()
    {
        for (var i = 0; i < 5; i++)
        {
            await CheckAsync(Client, HundredPerMinute);
            Assert.Equal(0, Leases.OpenLeases);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>One request as the web layer makes it: a leased permit if there is one, else an Ask.</summary>
    private async Task<RateLimiter.Decision> RequestAsync(RateLimiter.Settings policy, Action tookLeased)
    {
        if (Leases.TryAdmit("default", Client, policy, out var remaining, out var resetAfter))
        {
            tookLeased();
            return new RateLimiter.Decision("default", Client, true, policy.Requests, remaining, resetAfter, TimeSpan.Zero, policy.Window);
        }
        return await CheckAsync(Client, policy);
    }
}
