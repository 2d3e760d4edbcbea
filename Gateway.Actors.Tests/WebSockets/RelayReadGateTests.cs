using Gateway.Actors.WebSockets;

namespace Gateway.Actors.Tests.WebSockets;

/// <summary>
/// The gate between a side's reader and the relay: one frame per opening, and a reader that had to wait
/// is resumed on the thread pool, never on the thread of the relay that opened the gate.
/// </summary>
public sealed class RelayReadGateTests
{
    [Fact]
    public async Task OpenedBeforeTheReaderComes_LetsOneFrameThroughAtOnce_AndShutsBehindIt()
    {
        var gate = new RelayReadGate();
        gate.Open();

        var first = gate.PassAsync();
        Assert.True(first.IsCompletedSuccessfully);
        await first;

        var second = gate.PassAsync();
        Assert.False(second.IsCompleted);
        gate.Open();
        await second.AsTask().WaitAsync(RelayTestConfig.Patience);
    }

    [Fact]
    public async Task WaitingReader_IsResumedOnThePool_NotOnTheThreadThatOpened()
    {
        var gate = new RelayReadGate();
        var resumedOn = ResumedOnAsync(gate.PassAsync());
        Assert.False(resumedOn.IsCompleted);

        // A thread outside the pool stands for the relay's: an inline continuation could only run there.
        var opener = new Thread(gate.Open);
        opener.Start();
        opener.Join();

        Assert.NotEqual(opener.ManagedThreadId, await resumedOn.WaitAsync(RelayTestConfig.Patience));
    }

    private static async Task<int> ResumedOnAsync(ValueTask passing)
    {
        await passing;
        return Environment.CurrentManagedThreadId;
    }
}
