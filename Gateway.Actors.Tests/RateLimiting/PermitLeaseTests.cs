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
        var (silentDesk, _, _) = await LeaseToAProbeDeskAsync();
        RateLimiter.Check FromSilentNode(RateLimiter.Settings policy) => new("default", Client, policy) { Desk = silentDesk.Ref };

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
        var first = Leases.LeaseOf("default", Client);
        for (var i = 0; i < 3; i++) Assert.True(Leases.TryAdmit("default", Client, HundredPerMinute, out _, out _));

        // In use, it is renewed once; the renewal, not used, runs out.
        Clock.Advance(LeaseLifetime);
        await AwaitConditionAsync(() => Task.FromResult(Leases.LeaseOf("default", Client) is { } next && !ReferenceEquals(next, first)), AskTimeout);
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
        var (desk, grant, limiter) = await LeaseToAProbeDeskAsync();

        // All 8 taken; the desk closes the lease 50 ms after the grant.
        Clock.Advance(TimeSpan.FromMilliseconds(50));
        limiter.Tell(new RateLimiter.LeaseReturned(grant.LeaseId, grant.Permits), desk.Ref);
        await LimiterAsync(Client);

        Clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(50) + TimeSpan.FromTicks(1));
        var afterTheFirstTwo = await Registry.Ask<RateLimiter.Decision>(new RateLimiter.Check("default", Client, HundredPerMinute), AskTimeout);
        Clock.Advance(TimeSpan.FromMilliseconds(50));
        var afterTheLease = await Registry.Ask<RateLimiter.Decision>(new RateLimiter.Check("default", Client, HundredPerMinute), AskTimeout);

        Assert.Equal(8, grant.Permits);
        Assert.Equal(100 - 8 - 1, afterTheFirstTwo.Remaining);
        Assert.Equal(100 - 1 - 1, afterTheLease.Remaining);
    }

    [Theory]
    [InlineData(RateLimitAlgorithm.SlidingLog)]
    [InlineData(RateLimitAlgorithm.TokenBucket)]
    public async Task BusyClient_KeepsFindingALease_LifetimeAfterLifetime_WithoutAskingAgain(RateLimitAlgorithm algorithm)
    {
        var policy = HundredPerMinute with { Requests = 100_000, Algorithm = algorithm };
        await CheckAsync(Client, policy);
        var counts = new List<int> { (await CheckAsync(Client, policy)).Remaining };
        await AwaitConditionAsync(() => Task.FromResult(Leases.OpenLeases == 1), AskTimeout);

        for (var lifetime = 0; lifetime < 6; lifetime++)
        {
            var lease = Leases.LeaseOf("default", Client);
            for (var i = 0; i < 3; i++)
            {
                Assert.True(Leases.TryAdmit("default", Client, policy, out var remaining, out _), $"no lease in lifetime {lifetime}");
                counts.Add(remaining);
            }
            // Three quarters into its lifetime, in use: the next lease takes its place before it runs out (and
            // the next pass of time goes beyond the end of this one's lifetime).
            Clock.Advance(LeaseLifetime * 3 / 4);
            await AwaitConditionAsync(() => Task.FromResult(!ReferenceEquals(Leases.LeaseOf("default", Client), lease)), AskTimeout);
        }

        Assert.Equal(1, Leases.OpenLeases);
        if (algorithm == RateLimitAlgorithm.SlidingLog)
            // The permits a lease had left went on in the next: one by one, no gap. (A token bucket refills as time passes.)
            Assert.Equal(Enumerable.Range(counts[^1], counts.Count).Reverse(), counts);
    }

    [Fact]
    public async Task LeaseRunningLow_IsRenewedBeforeItIsUsedUp()
    {
        await CheckAsync(Client, HundredPerMinute);
        await CheckAsync(Client, HundredPerMinute);
        await AwaitConditionAsync(() => Task.FromResult(Leases.OpenLeases == 1), AskTimeout);
        var first = Leases.LeaseOf("default", Client)!;

        // Three quarters taken, and no time passing.
        for (var i = 0; i < first.Permits * 3 / 4; i++) Assert.True(Leases.TryAdmit("default", Client, HundredPerMinute, out _, out _));

        await AwaitConditionAsync(() => Task.FromResult(!ReferenceEquals(Leases.LeaseOf("default", Client), first)), AskTimeout);
        var next = Leases.LeaseOf("default", Client)!;
        Assert.True(next.Permits > first.Permits / 4, $"{next.Permits} permits");
    }

    [Fact]
    public async Task PermitsCarriedIntoARenewedLease_StayReserved_UntilThatLeaseIsReturned()
    {
        var (desk, first, limiter) = await LeaseToAProbeDeskAsync();
        Assert.Equal((8, 90), (first.Permits, first.RemainingBeyond));

        limiter.Tell(new RateLimiter.RenewLease("default", Client, first.LeaseId, Taken: 6), desk.Ref);
        var next = await desk.ExpectMsgAsync<RateLimiter.GrantLease>(AskTimeout);
        // With the 2 the first had left, twice what was taken, out of the 90 beyond the first lease.
        Assert.Equal((first.LeaseId, 10, 80), (next.Replaces, next.Permits, next.RemainingBeyond));
        limiter.Tell(new RateLimiter.LeaseReturned(first.LeaseId, 6) { CarriedInto = next.LeaseId, Carried = 2 }, desk.Ref);
        var whileOpen = await CheckAsync(Client, HundredPerMinute with { Leases = false });
        limiter.Tell(new RateLimiter.LeaseReturned(next.LeaseId, 3), desk.Ref);
        var afterwards = await CheckAsync(Client, HundredPerMinute with { Leases = false });

        // Reload to leases off revoked the second lease; its count decides: 2 asked, 6 + 3 taken, the two checks.
        Assert.Equal(100 - 2 - 6 - 10 - 2 - 1, whileOpen.Remaining);
        Assert.Equal(100 - 2 - 6 - 3 - 2, afterwards.Remaining);
    }

    [Fact]
    public async Task RenewalAskedForARevokedLease_IsNotGranted()
    {
        var (desk, grant, limiter) = await LeaseToAProbeDeskAsync();
        await CheckAsync(Client, HundredPerMinute with { Requests = 200 });
        await desk.ExpectMsgAsync<RateLimiter.RevokeLease>(AskTimeout);

        limiter.Tell(new RateLimiter.RenewLease("default", Client, grant.LeaseId, Taken: 8), desk.Ref);

        await desk.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
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

    /// <summary>
    /// Two checks from a node whose desk is a probe, the second busy enough for a lease: the probe (the desk), the
    /// lease it was granted, and the limiter that granted it (whom a desk answers directly).
    /// </summary>
    private async Task<(Akka.TestKit.TestProbe Desk, RateLimiter.GrantLease Grant, IActorRef Limiter)> LeaseToAProbeDeskAsync()
    {
        var desk = CreateTestProbe();
        for (var i = 0; i < 2; i++)
            await Registry.Ask<RateLimiter.Decision>(new RateLimiter.Check("default", Client, HundredPerMinute) { Desk = desk.Ref }, AskTimeout);
        var grant = await desk.ExpectMsgAsync<RateLimiter.GrantLease>(AskTimeout);
        return (desk, grant, desk.LastSender);
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
