using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>A lease taken from on many threads while its limiter closes it: every permit is counted once.</summary>
public class PermitLeaseRaceTests
{
    [Fact]
    public async Task PermitsTakenWhileTheLeaseCloses_AreExactlyThoseItCounts()
    {
        for (var round = 0; round < 50; round++)
        {
            var lease = new PermitLease(1, "default", "10.0.0.1", RateLimiter.Settings.Default, permits: 1000,
                remainingBeyond: 0, resetAfterAllTaken: TimeSpan.FromSeconds(60), ticksPerPermit: 0);
            var start = new ManualResetEventSlim();
            var takers = Enumerable.Range(0, 4).Select(taker => Task.Run(() =>
            {
                start.Wait();
                var taken = 0;
                while (lease.TryTake(out _, out _)) taken++;
                return taken;
            })).ToList();

            start.Set();
            var counted = lease.Close();
            var taken = (await Task.WhenAll(takers)).Sum();

            Assert.Equal(counted, taken);
            Assert.False(lease.TryTake(out _, out _));
        }
    }
}
