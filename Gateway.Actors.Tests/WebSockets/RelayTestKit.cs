using System.Net.WebSockets;
using Akka.Actor;
using Gateway.Actors.WebSockets;
using Xunit.Abstractions;

namespace Gateway.Actors.Tests.WebSockets;

/// <summary>A relay's parts as a test holds them: the two fake peers and the completion to await.</summary>
public sealed record RelayParts(
    string ConnectionId,
    FakePeer Client,
    FakePeer Upstream,
    TaskCompletionSource<RelayResult> Completion,
    Props Props)
{
    public static RelayParts Create(string connectionId, WebSocketRelay.Settings? settings = null)
    {
        var client = new FakePeer($"{connectionId}-client", isClient: true);
        var upstream = new FakePeer($"{connectionId}-upstream", isClient: false);
        var completion = WebSocketRelay.CreateCompletion();
        var props = WebSocketRelay.Props(connectionId, client.Connection, upstream.Connection, settings ?? WebSocketRelay.Settings.Default, completion);
        return new RelayParts(connectionId, client, upstream, completion, props);
    }

    public Task<RelayResult> ResultAsync() => Completion.Task.WaitAsync(RelayTestConfig.Patience);
}

public abstract class RelayTestKit(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    /// <summary>A relay started directly under the test's actor system, watched by the test actor.</summary>
    protected (RelayParts Parts, IActorRef Relay) StartRelay(WebSocketRelay.Settings? settings = null, string connectionId = "c1")
    {
        var parts = RelayParts.Create(connectionId, settings);
        var relay = Sys.ActorOf(parts.Props, connectionId);
        Watch(relay);
        return (parts, relay);
    }

    /// <summary>
    /// Returns once the actor has handled everything already in its mailbox: after it, anything the
    /// actor was going to do in reaction to what the test did so far has been done.
    /// </summary>
    protected static Task RoundTripAsync(IActorRef actor) =>
        actor.Ask<ActorIdentity>(new Identify(null), RelayTestConfig.Patience);

    /// <summary>The client sends a text that the upstream side holds: the relay has a frame stuck on its way up.</summary>
    protected static async Task HoldAFrameOnItsWayUpAsync(RelayParts parts, string text)
    {
        parts.Upstream.HoldSends = true;
        parts.Client.PushText(text);
        await parts.Upstream.WaitForHeldSendAsync();
    }

    /// <summary>
    /// Lets a held frame through and then the write queued behind it, and returns what that second write
    /// was (a Close, usually): the frame must come first, one send at a time.
    /// </summary>
    protected static async Task<SentFrame> ReleaseHeldTextThenNextAsync(FakePeer peer, string heldText)
    {
        await peer.ReleaseSendAsync();
        Assert.Equal(heldText, (await peer.NextSentAsync()).Text);
        await peer.ReleaseSendAsync();
        return await peer.NextSentAsync();
    }

    /// <summary>
    /// The upstream was lost: the client is sent 1011 "upstream connection lost", answers it, and the relay
    /// ends with <see cref="RelayEndReason.UpstreamLost"/>.
    /// </summary>
    protected async Task ExpectTheClientClosedForALostUpstreamAsync(RelayParts parts, IActorRef relay)
    {
        var toClient = await parts.Client.NextSentAsync();
        Assert.Equal((WebSocketCloseStatus.InternalServerError, "upstream connection lost"), (toClient.CloseStatus, toClient.CloseDescription));
        parts.Client.PushClose(WebSocketCloseStatus.InternalServerError, "");

        Assert.Equal(RelayEndReason.UpstreamLost, (await parts.ResultAsync()).Reason);
        await ExpectTerminatedAsync(relay);
    }

    /// <summary>The client starts a normal close and both handshakes complete.</summary>
    protected static async Task<RelayResult> CloseFromClientAsync(RelayParts parts)
    {
        parts.Client.PushClose(WebSocketCloseStatus.NormalClosure, "bye");
        await parts.Upstream.NextCloseAsync();
        parts.Upstream.PushClose(WebSocketCloseStatus.NormalClosure, "bye");
        await parts.Client.NextCloseAsync();
        return await parts.ResultAsync();
    }
}
