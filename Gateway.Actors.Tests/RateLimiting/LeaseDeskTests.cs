using Akka.Actor;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>
/// A node's lease desk, with a probe as the granting limiter (which may live on another node): it
/// publishes what it is granted, closes it at the end of its lifetime or when revoked, and reports how
/// many permits were taken exactly once.
/// </summary>
public class LeaseDeskTests : RateLimiterTestKit
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMilliseconds(100);

    public LeaseDeskTests() : base(leases: true)
    {
    }

    private static RateLimiter.GrantLease Grant(long id, int permits = 10) =>
        new("default", "10.0.0.1", ThreePerMinute with { Requests = 100 }, id, permits, RemainingBeyond: 50,
            ResetAfterAllTaken: TimeSpan.FromSeconds(60), TicksPerPermit: 0, Lifetime);

    private async Task GrantAsync(IActorRef owner, RateLimiter.GrantLease grant)
    {
        Desk!.Tell(grant, owner);
        await AwaitConditionAsync(() => Task.FromResult(Board!.OpenLeases == 1), AskTimeout);
    }

    private bool Take() => Board!.TryAdmit("default", "10.0.0.1", ThreePerMinute with { Requests = 100 }, out _, out _);

    [Fact]
    public async Task GrantedLease_IsOnTheBoard_AndClosesAtTheEndOfItsLifetime_ReportingWhatWasTaken()
    {
        var owner = CreateTestProbe();
        await GrantAsync(owner, Grant(7));
        for (var i = 0; i < 4; i++) Assert.True(Take());

        Clock.Advance(Lifetime);

        // In use three quarters into its lifetime, it asked for the next one first (never granted here).
        Assert.Equal(new RateLimiter.RenewLease("default", "10.0.0.1", 7, 4), await owner.ExpectMsgAsync<RateLimiter.RenewLease>(AskTimeout));
        Assert.Equal(new RateLimiter.LeaseReturned(7, 4), await owner.ExpectMsgAsync<RateLimiter.LeaseReturned>(AskTimeout));
        // Closed before it is reported (nothing more can be taken), off the board just after.
        Assert.False(Take());
        await AwaitConditionAsync(() => Task.FromResult(Board!.OpenLeases == 0), AskTimeout);
    }

    [Fact]
    public async Task RevokedLease_IsClosedAtOnce_AndReportedOnce()
    {
        var owner = CreateTestProbe();
        await GrantAsync(owner, Grant(7));
        Assert.True(Take());

        Desk!.Tell(new RateLimiter.RevokeLease("default", "10.0.0.1", 7), owner.Ref);
        Desk.Tell(new RateLimiter.RevokeLease("default", "10.0.0.1", 7), owner.Ref);

        Assert.Equal(new RateLimiter.LeaseReturned(7, 1), await owner.ExpectMsgAsync<RateLimiter.LeaseReturned>(AskTimeout));
        Assert.False(Take());
        Clock.Advance(Lifetime);
        await owner.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    private static RateLimiter.TakeFromLease TakeRequest(long leaseId, IActorRef replyTo) =>
        new(new RateLimiter.Check("default", "10.0.0.1", ThreePerMinute with { Requests = 100 }), leaseId, replyTo);

    [Fact]
    public async Task CheckHandedToTheDesk_IsAnsweredFromItsLease_AsABoardPermitWouldBe_LeaseStayingOpen()
    {
        var owner = CreateTestProbe();
        var asker = CreateTestProbe();
        await GrantAsync(owner, Grant(7, permits: 10));
        Assert.True(Board!.TryAdmit("default", "10.0.0.1", ThreePerMinute with { Requests = 100 }, out var first, out _));

        Desk!.Tell(TakeRequest(7, asker.Ref), owner.Ref);

        var decision = await asker.ExpectMsgAsync<RateLimiter.Decision>(AskTimeout);
        Assert.True(decision.Allowed);
        Assert.Equal(first - 1, decision.Remaining);
        Assert.Equal(100, decision.Limit);
        Assert.True(Board.TryAdmit("default", "10.0.0.1", ThreePerMinute with { Requests = 100 }, out var next, out _));
        Assert.Equal(first - 2, next);
        await owner.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task CheckHandedToTheDesk_WhenItsLeaseIsUsedUp_ClosesIt_ThenGoesBackToTheLimiter_BehindTheCount()
    {
        var owner = CreateTestProbe();
        var asker = CreateTestProbe();
        await GrantAsync(owner, Grant(7, permits: 3));
        for (var i = 0; i < 3; i++) Assert.True(Take());

        // Used up (as small a lease as this one runs low on its last permit), it asked for the next one.
        Assert.Equal(7, (await owner.ExpectMsgAsync<RateLimiter.RenewLease>(AskTimeout)).LeaseId);
        var take = TakeRequest(7, asker.Ref);
        Desk!.Tell(take, owner.Ref);

        Assert.Equal(new RateLimiter.LeaseReturned(7, 3), await owner.ExpectMsgAsync<RateLimiter.LeaseReturned>(AskTimeout));
        Assert.Equal(take.Check, await owner.ExpectMsgAsync<RateLimiter.Check>(AskTimeout));
        // The limiter answers the asker itself.
        Assert.Equal(asker.Ref, owner.LastSender);
        await asker.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task CheckHandedToTheDesk_ForALeaseAlreadyClosed_GoesBackToTheLimiter()
    {
        var owner = CreateTestProbe();
        var asker = CreateTestProbe();
        await GrantAsync(owner, Grant(7));
        Clock.Advance(Lifetime);
        await owner.ExpectMsgAsync<RateLimiter.LeaseReturned>(AskTimeout);

        Desk!.Tell(TakeRequest(7, asker.Ref), owner.Ref);

        await owner.ExpectMsgAsync<RateLimiter.Check>(AskTimeout);
        Assert.Equal(asker.Ref, owner.LastSender);
    }

    [Fact]
    public async Task RevokeOfAnotherLease_ChangesNothing()
    {
        var owner = CreateTestProbe();
        await GrantAsync(owner, Grant(7));

        Desk!.Tell(new RateLimiter.RevokeLease("default", "10.0.0.1", 6), owner.Ref);

        await owner.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        Assert.True(Take());
    }

    [Fact]
    public async Task GrantFromANewIncarnation_ClosesTheEarlierLease_AndReportsIt()
    {
        var earlier = CreateTestProbe();
        var later = CreateTestProbe();
        await GrantAsync(earlier, Grant(7));
        Assert.True(Take());

        Desk!.Tell(Grant(900, permits: 20), later.Ref);

        Assert.Equal(new RateLimiter.LeaseReturned(7, 1), await earlier.ExpectMsgAsync<RateLimiter.LeaseReturned>(AskTimeout));
        await AwaitConditionAsync(() => Task.FromResult(Take()), AskTimeout);
        Clock.Advance(Lifetime);
        Assert.Equal(900, (await later.ExpectMsgAsync<RateLimiter.RenewLease>(AskTimeout)).LeaseId);
        Assert.Equal(900, (await later.ExpectMsgAsync<RateLimiter.LeaseReturned>(AskTimeout)).LeaseId);
    }

    [Fact]
    public async Task LeaseInUse_AsksForTheNextOnce_WhenAQuarterOfItsPermitsIsLeft()
    {
        var owner = CreateTestProbe();
        await GrantAsync(owner, Grant(7, permits: 12));
        for (var i = 0; i < 8; i++) Assert.True(Take());
        await owner.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));

        Assert.True(Take());

        Assert.Equal(new RateLimiter.RenewLease("default", "10.0.0.1", 7, 9), await owner.ExpectMsgAsync<RateLimiter.RenewLease>(AskTimeout));
        // Not again: neither for the permits after it nor at the lifetime's renewal point.
        for (var i = 0; i < 3; i++) Assert.True(Take());
        Clock.Advance(Lifetime);
        Assert.Equal(new RateLimiter.LeaseReturned(7, 12), await owner.ExpectMsgAsync<RateLimiter.LeaseReturned>(AskTimeout));
        await owner.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task LeaseNotInUse_IsNotRenewed_ItRunsOut()
    {
        var owner = await LeaseRanOutUnusedAsync();

        await owner.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    /// <summary>Lease 7 granted and nothing taken until its lifetime is over: its owner is told none was taken.</summary>
    private async Task<Akka.TestKit.TestProbe> LeaseRanOutUnusedAsync()
    {
        var owner = CreateTestProbe();
        await GrantAsync(owner, Grant(7));
        Clock.Advance(Lifetime);
        Assert.Equal(new RateLimiter.LeaseReturned(7, 0), await owner.ExpectMsgAsync<RateLimiter.LeaseReturned>(AskTimeout));
        return owner;
    }

    [Fact]
    public async Task RenewingGrant_ReplacesTheLease_WithThePermitsItHadLeft_TheCountGoingOnDownOneByOne()
    {
        var owner = CreateTestProbe();
        await GrantAsync(owner, Grant(7, permits: 10));
        for (var i = 0; i < 3; i++) Assert.True(Take());
        Assert.True(Board!.TryAdmit("default", "10.0.0.1", ThreePerMinute with { Requests = 100 }, out var before, out _));

        // The limiter had 50 left beyond the old lease (whose 6 untaken permits stay reserved) and sets aside 12 more.
        Desk!.Tell(Grant(8, permits: 12) with { RemainingBeyond = 38, Replaces = 7 }, owner.Ref);

        Assert.Equal(new RateLimiter.LeaseReturned(7, 4) { CarriedInto = 8, Carried = 6 },
            await owner.ExpectMsgAsync<RateLimiter.LeaseReturned>(AskTimeout));
        var renewed = Board.LeaseOf("default", "10.0.0.1")!;
        Assert.Equal((8L, 18), (renewed.Id, renewed.Permits));
        var counts = new List<int>();
        while (Board.TryAdmit("default", "10.0.0.1", ThreePerMinute with { Requests = 100 }, out var remaining, out _)) counts.Add(remaining);
        Assert.Equal(Enumerable.Range(38, 18).Reverse(), counts);
        Assert.Equal(before - 1, counts[0]);
        // Its own lifetime from now; the old one's timers are gone with it.
        Clock.Advance(Lifetime);
        Assert.Equal(8, (await owner.ExpectMsgAsync<RateLimiter.RenewLease>(AskTimeout)).LeaseId);
        Assert.Equal(new RateLimiter.LeaseReturned(8, 18), await owner.ExpectMsgAsync<RateLimiter.LeaseReturned>(AskTimeout));
        await owner.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task RenewingGrantOfNoNewPermits_ForALeaseAlreadyClosed_IsReturnedAtOnce()
    {
        var owner = await LeaseRanOutUnusedAsync();

        // Only the permits lease 7 had left were to go on in it.
        Desk!.Tell(Grant(8, permits: 0) with { Replaces = 7 }, owner.Ref);

        Assert.Equal(new RateLimiter.LeaseReturned(8, 0), await owner.ExpectMsgAsync<RateLimiter.LeaseReturned>(AskTimeout));
        Assert.Equal(0, Board!.OpenLeases);
    }

    [Fact]
    public async Task RenewingGrant_ForALeaseAlreadyClosed_IsALeaseOfItsOwn()
    {
        var owner = await LeaseRanOutUnusedAsync();

        Desk!.Tell(Grant(8, permits: 12) with { Replaces = 7 }, owner.Ref);

        await AwaitConditionAsync(() => Task.FromResult(Board!.LeaseOf("default", "10.0.0.1") is { Id: 8, Permits: 12 }), AskTimeout);
        await owner.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(50));
    }

    /// <summary>
    /// The limiter's side: a desk that never answers (its node died) costs the client the lease's
    /// permits, counted as taken once the limiter gives up, never more.
    /// </summary>
    [Fact]
    public async Task LimiterWhoseDeskNeverAnswers_CountsTheWholeLeaseAsTaken_AfterTheGrace()
    {
        var deadDesk = CreateTestProbe();
        var policy = ThreePerMinute with { Requests = 100 };
        var check = new RateLimiter.Check("default", "10.0.0.9", policy) { Desk = deadDesk.Ref };
        await Registry.Ask<RateLimiter.Decision>(check, AskTimeout);
        await Registry.Ask<RateLimiter.Decision>(check, AskTimeout);
        var grant = await deadDesk.ExpectMsgAsync<RateLimiter.GrantLease>(AskTimeout);

        Clock.Advance(grant.Lifetime + TimeSpan.FromSeconds(2));
        await LimiterAsync("10.0.0.9");
        var after = await Registry.Ask<RateLimiter.Decision>(new RateLimiter.Check("default", "10.0.0.9", policy), AskTimeout);

        Assert.Equal(100 - 2 - grant.Permits - 1, after.Remaining);
        Assert.True(after.Allowed);
    }
}
