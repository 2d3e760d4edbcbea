using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>How large a renewed lease is: with the permits its lease had left, what the next lease would be.</summary>
public class LeaseSizingTests
{
    [Theory]
    // Three quarters of 8 taken: 12 in all, 2 of them carried.
    [InlineData(6, 2, 1000, 10)]
    // A client that takes 3 a lifetime keeps a lease of 8 (the smallest), 5 carried and 3 new.
    [InlineData(3, 5, 1000, 3)]
    // Most of a large lease left: it goes on as it is, nothing new.
    [InlineData(300, 724, 100_000, 0)]
    // Never more than 1,024 in all, nor more than half of what is left.
    [InlineData(1000, 100, 1_000_000, 924)]
    [InlineData(500, 100, 600, 300)]
    // Near the limit (half of what is left under 8): nothing new, whatever was taken.
    [InlineData(500, 0, 15, 0)]
    public void RenewedLease_HoldsWhatTheNextLeaseWould_OutOfAtMostHalfOfWhatIsLeft(int taken, int left, int remaining, int expected) =>
        Assert.Equal(expected, LeaseSizing.Renewal(taken, left, remaining));
}
