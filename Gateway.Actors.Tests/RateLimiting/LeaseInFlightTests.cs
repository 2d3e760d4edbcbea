using Akka.Actor;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>
/// Checks that a node sent before its new lease reached it (many requests at once on a busy node) are
/// decided as they come and leave the lease open; only a node that saw the lease and asks anyway has it
/// closed and counted first. Closing the lease for each queued check made every one of them wait a round
/// trip and every new lease die at once (bench/run (g) at 512 connections, (j)).
/// </summary>
public class LeaseInFlightTests() : RateLimiterTestKit(leases: true)
{
    private const string Client = "10.0.0.1";

    private static readonly RateLimiter.Settings HundredPerMinute =
        RateLimiter.Settings.Default with { Requests = 100, Window = TimeSpan.FromSeconds(60), IdleTimeout = TimeSpan.FromSeconds(60) };

    private async Task<long> LeaseOnTheBoardAsync()
    {
        await CheckAsync(Client, HundredPerMinute);
        await CheckAsync(Client, HundredPerMinute);
        await AwaitConditionAsync(() => Task.FromResult(Board!.OpenLeases == 1), AskTimeout);
        return Board!.LeaseIdOf("default", Client);
    }

    [Fact]
    public async Task CheckSentBeforeTheLeaseArrived_IsDecidedAtOnce_AndTheLeaseStaysOpen()
    {
        var lease = await LeaseOnTheBoardAsync();

        var decision = await Registry.Ask<RateLimiter.Decision>(CheckOf(Client, HundredPerMinute) with { SeenLease = 0 }, AskTimeout);

        Assert.True(decision.Allowed);
        Assert.Equal(lease, Board!.LeaseIdOf("default", Client));
        Assert.True(Board.TryAdmit("default", Client, HundredPerMinute, out _, out _));
    }

    [Fact]
    public async Task CheckFromANodeThatSawTheLease_HasItClosedAndCountedFirst()
    {
        var lease = await LeaseOnTheBoardAsync();
        var leased = 0;
        while (Board!.TryAdmit("default", Client, HundredPerMinute, out _, out _)) leased++;

        var decision = await Registry.Ask<RateLimiter.Decision>(CheckOf(Client, HundredPerMinute), AskTimeout);

        Assert.NotEqual(0, lease);
        Assert.True(decision.Allowed);
        // Two asked, every leased permit taken, and this one: the count follows every permit handed out.
        Assert.Equal(100 - 2 - leased - 1, decision.Remaining);
        Assert.NotEqual(lease, Board.LeaseIdOf("default", Client));
    }

    [Fact]
    public async Task CheckThatWouldBeDenied_WaitsForTheLeasesCount_AndIsAdmittedFromWhatItLeftUnused()
    {
        await LeaseOnTheBoardAsync();

        // Asked directly, as if none of these had seen the lease: the permits outside it run out first; the
        // check that would then be denied waits for the lease to be counted, and its unused permits are the
        // client's again. So every permit of the quota is admitted, none twice, and the lease is gone.
        var admitted = 0;
        while ((await Registry.Ask<RateLimiter.Decision>(CheckOf(Client, HundredPerMinute) with { SeenLease = 0 }, AskTimeout)).Allowed
               && admitted < 200)
            admitted++;

        Assert.Equal(100 - 2, admitted);
        Assert.Equal(0, Board!.LeaseIdOf("default", Client));
    }
}
