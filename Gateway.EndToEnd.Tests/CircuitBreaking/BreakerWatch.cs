using Akka.Actor;
using Gateway.Actors.CircuitBreaking;
using Gateway.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.EndToEnd.Tests.CircuitBreaking;

/// <summary>
/// Follows the gateway's <see cref="BreakerTransition"/> events, so a test waits on the transition it
/// expects (a signal, with a timeout) instead of sleeping through a reset timeout. Each transition is
/// handed to one waiter at most, in order; those nobody asked for yet are kept for later questions.
/// </summary>
public sealed class BreakerWatch : IDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly ActorSystem _system;
    private readonly IActorRef _subscriber;
    private readonly object _lock = new();
    private readonly List<BreakerTransition> _unclaimed = [];
    private readonly List<(Func<BreakerTransition, bool> Matches, TaskCompletionSource<BreakerTransition> Waiter)> _waiters = [];

    private BreakerWatch(ActorSystem system)
    {
        _system = system;
        _subscriber = system.ActorOf(Props.Create(() => new Subscriber(this)));
        system.EventStream.Subscribe(_subscriber, typeof(BreakerTransition));
    }

    public static BreakerWatch On(RunningApp gateway) => new(gateway.App.Services.GetRequiredService<ActorSystem>());

    /// <summary>The next transition into <paramref name="to"/> of a breaker whose key contains <paramref name="upstream"/>.</summary>
    public Task<BreakerTransition> NextAsync(string upstream, BreakerState to, TimeSpan? within = null)
    {
        bool Matches(BreakerTransition t) => t.Upstream.Contains(upstream, StringComparison.Ordinal) && t.To == to;
        var wait = within ?? DefaultWait;
        lock (_lock)
        {
            var index = _unclaimed.FindIndex(Matches);
            if (index >= 0)
            {
                var seen = _unclaimed[index];
                _unclaimed.RemoveAt(index);
                return Task.FromResult(seen);
            }
            var waiter = new TaskCompletionSource<BreakerTransition>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((Matches, waiter));
            return waiter.Task.WaitAsync(wait).ContinueWith(t => t.IsFaulted && t.Exception!.InnerException is TimeoutException
                ? throw new TimeoutException($"no transition of '{upstream}' to {to} within {wait}")
                : t.Result, TaskScheduler.Default);
        }
    }

    private void OnTransition(BreakerTransition transition)
    {
        lock (_lock)
        {
            var index = _waiters.FindIndex(w => w.Matches(transition));
            if (index < 0)
            {
                _unclaimed.Add(transition);
                return;
            }
            var waiter = _waiters[index].Waiter;
            _waiters.RemoveAt(index);
            waiter.TrySetResult(transition);
        }
    }

    public void Dispose()
    {
        _system.EventStream.Unsubscribe(_subscriber);
        _system.Stop(_subscriber);
    }

    private sealed class Subscriber : ReceiveActor
    {
        public Subscriber(BreakerWatch watch) => Receive<BreakerTransition>(watch.OnTransition);
    }
}
