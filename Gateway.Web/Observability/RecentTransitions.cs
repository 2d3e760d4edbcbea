using Gateway.Actors.CircuitBreaking;

namespace Gateway.Web.Observability;

/// <summary>The last few breaker transitions, newest first, for the status page. A fixed-size ring.</summary>
public sealed class RecentTransitions
{
    public const int Capacity = 20;

    private readonly object _gate = new();
    private readonly BreakerTransition[] _ring = new BreakerTransition[Capacity];
    private int _next;
    private int _count;

    public void Add(BreakerTransition transition)
    {
        lock (_gate)
        {
            _ring[_next] = transition;
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    public IReadOnlyList<BreakerTransition> Newest()
    {
        lock (_gate)
        {
            var list = new List<BreakerTransition>(_count);
            for (var i = 1; i <= _count; i++) list.Add(_ring[(_next - i + Capacity) % Capacity]);
            return list;
        }
    }
}
