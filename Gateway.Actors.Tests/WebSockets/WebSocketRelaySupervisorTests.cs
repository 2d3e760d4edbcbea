using System.Net.WebSockets;
using Akka.Actor;
using Gateway.Actors.WebSockets;
using Xunit.Abstractions;

namespace Gateway.Actors.Tests.WebSockets;

public sealed class WebSocketRelaySupervisorTests(ITestOutputHelper output) : RelayTestKit(output)
{
    private async Task<(IActorRef Supervisor, RelayParts First, RelayParts Second)> TwoRelaysAsync()
    {
        var supervisor = Sys.ActorOf(WebSocketRelaySupervisor.Props(), "websockets");
        var first = RelayParts.Create("c1");
        var second = RelayParts.Create("c2");
        supervisor.Tell(new WebSocketRelaySupervisor.StartRelay(first.ConnectionId, first.Props));
        supervisor.Tell(new WebSocketRelaySupervisor.StartRelay(second.ConnectionId, second.Props));
        Assert.Equal("c1", (await ExpectMsgAsync<WebSocketRelaySupervisor.RelayStarted>()).ConnectionId);
        Assert.Equal("c2", (await ExpectMsgAsync<WebSocketRelaySupervisor.RelayStarted>()).ConnectionId);
        return (supervisor, first, second);
    }

    private async Task<WebSocketRelaySupervisor.Stats> StatsOfAsync(IActorRef supervisor)
    {
        supervisor.Tell(WebSocketRelaySupervisor.GetStats.Instance);
        return await ExpectMsgAsync<WebSocketRelaySupervisor.Stats>();
    }

    private static async Task PingAsync(RelayParts relay)
    {
        relay.Client.PushText("ping");
        Assert.Equal("ping", (await relay.Upstream.NextSentAsync()).Text);
        relay.Upstream.PushText("pong");
        Assert.Equal("pong", (await relay.Client.NextSentAsync()).Text);
    }

    [Fact]
    public async Task StartedRelays_PumpMessages_AndAreCountedUntilTheyEnd()
    {
        var (supervisor, first, second) = await TwoRelaysAsync();

        await PingAsync(first);
        await PingAsync(second);
        Assert.Equal(2, (await StatsOfAsync(supervisor)).OpenConnections);

        await CloseFromClientAsync(first);
        await CloseFromClientAsync(second);

        await AwaitAssertAsync(async () =>
            Assert.Equal(new WebSocketRelaySupervisor.Stats(0, 4), await StatsOfAsync(supervisor)));
    }

    [Fact]
    public async Task CrashingRelay_ClosesItsOtherSocketWith1011_AndLeavesTheOtherRelayAlone()
    {
        var (supervisor, first, second) = await TwoRelaysAsync();
        first.Client.ThrowOnDispose = true;

        first.Client.Drop();

        var toUpstream = await first.Upstream.NextCloseAsync();
        Assert.Equal(WebSocketCloseStatus.InternalServerError, toUpstream.CloseStatus);
        await first.Upstream.Disposal.WaitAsync(RelayTestConfig.Patience);
        Assert.Equal(RelayEndReason.Crashed, (await first.ResultAsync()).Reason);

        await PingAsync(second);
        await AwaitAssertAsync(async () => Assert.Equal(1, (await StatsOfAsync(supervisor)).OpenConnections));
        await PingAsync(second);
    }

    [Fact]
    public async Task Shutdown_ClosesEveryRelayWith1001_AndAnswersOnlyWhenAllAreGone()
    {
        var (supervisor, first, second) = await TwoRelaysAsync();

        supervisor.Tell(WebSocketRelaySupervisor.Shutdown.Instance);
        foreach (var socket in new[] { first.Client, first.Upstream, second.Client, second.Upstream })
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await socket.NextSentAsync()).CloseStatus);

        first.Client.PushClose(WebSocketCloseStatus.EndpointUnavailable, "");
        first.Upstream.PushClose(WebSocketCloseStatus.EndpointUnavailable, "");
        await first.ResultAsync();
        // The next message must be the stats, showing one left: the shutdown is not answered yet.
        await AwaitAssertAsync(async () => Assert.Equal(1, (await StatsOfAsync(supervisor)).OpenConnections));

        second.Client.PushClose(WebSocketCloseStatus.EndpointUnavailable, "");
        second.Upstream.PushClose(WebSocketCloseStatus.EndpointUnavailable, "");
        await ExpectMsgAsync<WebSocketRelaySupervisor.ShutdownCompleted>();
        Assert.Equal(0, (await StatsOfAsync(supervisor)).OpenConnections);
        Assert.Equal(RelayEndReason.Shutdown, (await second.ResultAsync()).Reason);
    }

    [Fact]
    public async Task RelayStartedDuringShutdown_IsClosedWith1001AtOnce()
    {
        var supervisor = Sys.ActorOf(WebSocketRelaySupervisor.Props());
        supervisor.Tell(WebSocketRelaySupervisor.Shutdown.Instance);
        await ExpectMsgAsync<WebSocketRelaySupervisor.ShutdownCompleted>();

        var late = RelayParts.Create("late");
        supervisor.Tell(new WebSocketRelaySupervisor.StartRelay(late.ConnectionId, late.Props));

        await ExpectMsgAsync<WebSocketRelaySupervisor.RelayStarted>();
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await late.Client.NextSentAsync()).CloseStatus);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await late.Upstream.NextSentAsync()).CloseStatus);
    }

    [Fact]
    public async Task ShutdownOfOneConnection_ClosesOnlyThatOne()
    {
        var (supervisor, first, second) = await TwoRelaysAsync();

        supervisor.Tell(new WebSocketRelay.Shutdown("c2"));

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, (await second.Client.NextSentAsync()).CloseStatus);
        await PingAsync(first);
        Assert.False(first.Client.TryTakeSent(out _));
    }

    [Fact]
    public async Task EndpointThatOnlyTells_GetsTheResultThroughItsCompletion()
    {
        var supervisor = Sys.ActorOf(WebSocketRelaySupervisor.Props());
        var relay = RelayParts.Create("told");

        supervisor.Tell(new WebSocketRelaySupervisor.StartRelay(relay.ConnectionId, relay.Props), ActorRefs.NoSender);
        await PingAsync(relay);
        var result = await CloseFromClientAsync(relay);

        Assert.Equal(("told", RelayEndReason.ClientClosed, 1L, 1L), (result.ConnectionId, result.Reason, result.MessagesFromClient, result.MessagesFromUpstream));
    }
}
