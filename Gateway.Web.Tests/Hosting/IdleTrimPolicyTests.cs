using Gateway.Web.Hosting;

namespace Gateway.Web.Tests.Hosting;

/// <summary>When the idle-time collection runs: only when quiet, only over the floor, less often when it gives back little.</summary>
public sealed class IdleTrimPolicyTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void QuietAfterAPeak_Trims_ButTrafficOrAllocationDoesNot()
    {
        var policy = new IdleTrimPolicy(100 * MiB);
        Assert.False(policy.ShouldTrim(true, 0, 600 * MiB));          // first look: nothing to compare allocation with
        Assert.False(policy.ShouldTrim(false, 1 * MiB, 600 * MiB));   // a request running
        Assert.False(policy.ShouldTrim(true, 900 * MiB, 600 * MiB));  // allocating: not quiet
        Assert.True(policy.ShouldTrim(true, 901 * MiB, 600 * MiB));   // quiet, well over the floor
        policy.Trimmed(600 * MiB, 110 * MiB);
        Assert.False(policy.ShouldTrim(true, 902 * MiB, 110 * MiB));  // back near the floor
    }

    [Fact]
    public void ACollectionThatGivesBackLittle_WaitsLongerBeforeTheNext_UntilTrafficReturns()
    {
        var policy = new IdleTrimPolicy(100 * MiB);
        policy.ShouldTrim(true, 0, 100 * MiB);
        Assert.True(policy.ShouldTrim(true, 0, 300 * MiB));
        policy.Trimmed(300 * MiB, 295 * MiB);                        // a full cache: little to give back
        Assert.False(policy.ShouldTrim(true, 0, 295 * MiB));         // waits one look
        Assert.True(policy.ShouldTrim(true, 0, 295 * MiB));
        policy.Trimmed(295 * MiB, 294 * MiB);
        Assert.False(policy.ShouldTrim(true, 0, 294 * MiB));         // then three
        Assert.False(policy.ShouldTrim(true, 0, 294 * MiB));
        Assert.False(policy.ShouldTrim(true, 0, 294 * MiB));
        Assert.True(policy.ShouldTrim(true, 0, 294 * MiB));
        policy.Trimmed(294 * MiB, 294 * MiB);
        Assert.False(policy.ShouldTrim(false, 0, 294 * MiB));        // traffic resets the wait
        Assert.True(policy.ShouldTrim(true, 0, 294 * MiB));
    }
}
