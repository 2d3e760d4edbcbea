using Gateway.Web.Configuration;
using Gateway.Web.Connections;

namespace Gateway.Web.Tests.Configuration;

/// <summary>The default of <c>gateway.limits.max-connections</c>, from the process's descriptor limit.</summary>
public sealed class LimitsSettingsTests
{
    [Fact]
    public void DefaultCap_LeavesRoomForUpstreamSockets_UnderTheDescriptorLimit()
    {
        Assert.Equal((20_000 - LimitsSettings.ReservedDescriptors) / 2, LimitsSettings.Default.Resolve(20_000));
        Assert.Equal(LimitsSettings.LeastDefault, LimitsSettings.Default.Resolve(256));
        Assert.Null(LimitsSettings.Default.Resolve(null));
        Assert.Equal(7, new LimitsSettings(7).Resolve(20_000));
        Assert.Equal(1024, DescriptorLimit.Parse(["Limit                     Soft Limit           Hard Limit           Units", "Max open files            1024                 524288               files"]));
        Assert.Null(DescriptorLimit.Parse(["Max open files            unlimited            unlimited            files"]));
    }
}
