using Gateway.Web.Caching;
using Gateway.Web.Tests.Infrastructure;

namespace Gateway.Web.Tests.Caching;

/// <summary>
/// A cache shard whose entity left a lookup unanswered (its node lost) is skipped for a while, so the shard's
/// other keys go upstream at once instead of each waiting out the lookup's timeout.
/// </summary>
public sealed class SilentCacheShardsTests
{
    private readonly ManualTime _clock = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void UnansweredShard_IsSkipped_ForItsMemory_ThenAskedAgain()
    {
        var silent = new SilentCacheShards(_clock);
        Assert.False(silent.IsSilent(7));

        silent.Remember(7);

        Assert.True(silent.IsSilent(7));
        Assert.False(silent.IsSilent(8));
        _clock.Advance(SilentCacheShards.Memory - TimeSpan.FromMilliseconds(1));
        Assert.True(silent.IsSilent(7));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(silent.IsSilent(7));
    }

    [Fact]
    public void AnotherTimeout_RenewsTheMemory()
    {
        var silent = new SilentCacheShards(_clock);
        silent.Remember(3);
        _clock.Advance(TimeSpan.FromSeconds(4));

        silent.Remember(3);
        _clock.Advance(TimeSpan.FromSeconds(4));

        Assert.True(silent.IsSilent(3));
    }
}
