using Akka.Actor;
using Akka.Dispatch.MessageQueues;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Tests.RateLimiting;

/// <summary>The limiters' mailbox queue: first in, first out, from any number of threads, nothing lost.</summary>
public class CompactMessageQueueTests
{
    private static Envelope Message(object message) => new(message, ActorRefs.NoSender);

    [Fact]
    public void Messages_ComeOutInTheOrderTheyWentIn_ThroughGrowingAndShrinking()
    {
        var queue = new CompactMessageQueue();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 37; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));
            // Half out, more in: the ring wraps before it grows again.
            for (var i = 0; i < 20; i++) Assert.True(queue.TryDequeue(out var e) && (int)e.Message == i);
            for (var i = 37; i < 50; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));

            Assert.Equal(30, queue.Count);
            for (var i = 20; i < 50; i++) Assert.True(queue.TryDequeue(out var e) && (int)e.Message == i);
            Assert.False(queue.HasMessages);
            Assert.False(queue.TryDequeue(out _));
        }
    }

    [Fact]
    public async Task ManyWriters_OneReader_EveryMessageOnce_EachWritersInItsOrder()
    {
        var queue = new CompactMessageQueue();
        const int writers = 4, each = 20_000;
        var start = new ManualResetEventSlim();
        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < each; i++) queue.Enqueue(ActorRefs.Nobody, Message((w, i)));
        })).ToList();

        start.Set();
        var next = new int[writers];
        var read = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (read < writers * each && DateTime.UtcNow < deadline)
        {
            if (!queue.TryDequeue(out var envelope)) continue;
            var (w, i) = ((int, int))envelope.Message;
            Assert.Equal(next[w]++, i);
            read++;
        }
        await Task.WhenAll(writing);

        Assert.Equal(writers * each, read);
        Assert.False(queue.HasMessages);
    }

    [Fact]
    public void CleanUp_HandsWhatIsLeftToDeadLetters_InOrder()
    {
        var queue = new CompactMessageQueue();
        var deadLetters = new UnboundedMessageQueue();
        for (var i = 0; i < 5; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));

        queue.CleanUp(ActorRefs.Nobody, deadLetters);

        Assert.Equal(0, queue.Count);
        for (var i = 0; i < 5; i++) Assert.True(deadLetters.TryDequeue(out var e) && (int)e.Message == i);
    }
}
