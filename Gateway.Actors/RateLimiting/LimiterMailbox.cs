using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Gateway.Actors.RateLimiting;

/// <summary>
/// The mailbox of every client limiter (<see cref="RateLimiter.EntityProps"/>): <see cref="CompactMessageQueue"/>.
/// Akka's default queue is a <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/> whose first
/// segment (32 slots) costs about 1 KB per actor before any message arrives: most of what a live limiter
/// cost, for an actor that rarely holds more than one message. Selected by <see cref="Hocon"/>.
/// </summary>
public sealed class LimiterMailbox(Settings settings, Config config)
    : MailboxType(settings, config), IProducesMessageQueue<CompactMessageQueue>
{
    /// <summary>The configuration path <see cref="RateLimiter.EntityProps"/> names.</summary>
    public const string Path = "gateway.limiter-mailbox";

    /// <summary>Part of every actor system that runs limiters (the gateway's, the tests', the benchmarks').</summary>
    public const string Hocon = $$"""{{Path}}.mailbox-type = "Gateway.Actors.RateLimiting.LimiterMailbox, Gateway.Actors" """;

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}

/// <summary>
/// An unbounded FIFO of envelopes under a lock, with no storage until the first message and two slots
/// after it, growing by doubling: small for actors that are many and mostly idle. Under contention a lock
/// is slower than Akka's lock-free queue, which is why only the limiters use it: a limiter is asked once
/// per request that found no lease, by as many threads as its client has requests in flight.
/// </summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private Envelope[]? _ring;
    private int _head;
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (this)
        {
            if (_ring is null) _ring = new Envelope[2];
            else if (_count == _ring.Length) Grow();
            _ring[(_head + _count) % _ring.Length] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (Volatile.Read(ref _count) == 0)
        {
            envelope = default;
            return false;
        }
        lock (this)
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }
            envelope = _ring![_head];
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            Volatile.Write(ref _count, _count - 1);
            // A burst's large ring goes when the burst is over; the next message starts small again.
            if (_count == 0 && _ring.Length > 8) (_ring, _head) = (null, 0);
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }

    private void Grow()
    {
        var grown = new Envelope[_ring!.Length * 2];
        for (var i = 0; i < _count; i++) grown[i] = _ring[(_head + i) % _ring.Length];
        (_ring, _head) = (grown, 0);
    }
}
