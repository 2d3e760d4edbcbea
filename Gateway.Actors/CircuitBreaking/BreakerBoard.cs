using System.Collections.Concurrent;

namespace Gateway.Actors.CircuitBreaking;

/// <summary>
/// The shared, thread-safe table of every breaker's latest <see cref="BreakerSnapshot"/>. Reads are
/// lock-free (a dictionary lookup returning an immutable record) so the request path learns an
/// upstream's state without a round trip. Only breaker actors (and their registry, when it retires
/// an upstream) write; one instance is shared by the registry and the web layer.
/// </summary>
public sealed class BreakerBoard
{
    private readonly ConcurrentDictionary<string, BreakerSnapshot> _snapshots = new(StringComparer.Ordinal);

    /// <summary>The upstream's latest snapshot, or a closed initial one if no breaker has published yet.</summary>
    public BreakerSnapshot Get(string upstream) =>
        _snapshots.TryGetValue(upstream, out var snapshot) ? snapshot : BreakerSnapshot.Initial(upstream);

    public bool TryGet(string upstream, out BreakerSnapshot snapshot) =>
        _snapshots.TryGetValue(upstream, out snapshot!);

    /// <summary>Every published snapshot, ordered by upstream, e.g. for a status endpoint.</summary>
    public IReadOnlyList<BreakerSnapshot> All() =>
        _snapshots.Values.OrderBy(s => s.Upstream, StringComparer.Ordinal).ToList();

    /// <summary>
    /// False when a report could not change anything: a success at the current epoch of a closed
    /// breaker that counts no failures. Skipping it spares a message per healthy request; it is
    /// equivalent to the success having arrived just before any failure still in the mailbox.
    /// </summary>
    public bool IsWorthReporting(string upstream, long epoch, Outcome outcome)
    {
        if (outcome.IsFailure) return true;
        var current = Get(upstream);
        return !(current.State == BreakerState.Closed && current.Epoch == epoch && current.ConsecutiveFailures == 0);
    }

    internal void Publish(BreakerSnapshot snapshot) => _snapshots[snapshot.Upstream] = snapshot;

    internal void Remove(string upstream) => _snapshots.TryRemove(upstream, out _);
}
