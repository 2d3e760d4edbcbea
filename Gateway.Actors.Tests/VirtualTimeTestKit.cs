using Akka.TestKit;
using Xunit.Abstractions;

namespace Gateway.Actors.Tests;

/// <summary>The TestKit every actor test area builds on: <see cref="VirtualTimeConfig"/>, and its clock to advance.</summary>
public abstract class VirtualTimeTestKit(ITestOutputHelper? output = null) : Akka.TestKit.Xunit2.TestKit(VirtualTimeConfig.Hocon, output)
{
    protected TestScheduler Clock => Sys.VirtualScheduler();
}
