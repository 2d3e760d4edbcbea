using Gateway.Actors.CircuitBreaking;

namespace Gateway.Actors.Tests.CircuitBreaking;

public sealed class ResetBackoffTests
{
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(10, 20)]
    [InlineData(100, 200)]
    [InlineData(150, 300)]
    [InlineData(200, 300)]
    [InlineData(300, 300)]
    public void Doubled_StopsAtCap(int seconds, int expected)
    {
        Assert.Equal(TimeSpan.FromSeconds(expected), ResetBackoff.Doubled(TimeSpan.FromSeconds(seconds), Max));
    }

    [Theory]
    [InlineData(0.0, 0.0, 10.0)]
    [InlineData(0.2, 0.0, 10.0)]
    [InlineData(0.2, 0.5, 9.0)]
    [InlineData(0.2, 0.999, 8.002)]
    public void Jittered_OnlyShortensWithinFraction(double jitter, double random, double expectedSeconds)
    {
        var wait = ResetBackoff.Jittered(TimeSpan.FromSeconds(10), jitter, random);

        Assert.Equal(expectedSeconds, wait.TotalSeconds, precision: 6);
    }
}
