namespace Gateway.Actors.Caching;

/// <summary>
/// The parent's view of what each key holds, in order of last use, with the running total. Only keys
/// holding bytes are tracked. Storing and <see cref="Touch"/> are O(1): they happen now, so they go to the
/// recent end. <see cref="TouchEarlier"/>, for a use learnt of late, walks back from that end to its place.
/// </summary>
internal sealed class LruByteLedger
{
    private readonly record struct Use(string Key, long Bytes, DateTimeOffset At);

    private readonly LinkedList<Use> _order = new(); // first = least recently used
    private readonly Dictionary<string, LinkedListNode<Use>> _nodes = new(StringComparer.Ordinal);

    public long TotalBytes { get; private set; }
    public int Count => _nodes.Count;

    /// <summary>Records what a key holds now; storing counts as a use at <paramref name="at"/>. Zero forgets the key.</summary>
    public void Set(string key, long bytes, DateTimeOffset at)
    {
        Remove(key);
        if (bytes <= 0) return;
        _nodes[key] = _order.AddLast(new Use(key, bytes, Latest(at)));
        TotalBytes += bytes;
    }

    public bool Contains(string key) => _nodes.ContainsKey(key);

    /// <summary>What a key holds changed without its being used (a part of it let go of): it keeps its place. Zero forgets it.</summary>
    public void Resize(string key, long bytes)
    {
        if (!_nodes.TryGetValue(key, out var node)) return;
        if (bytes <= 0)
        {
            Remove(key);
            return;
        }
        TotalBytes += bytes - node.Value.Bytes;
        node.Value = node.Value with { Bytes = bytes };
    }

    /// <summary>The key is being used now, at <paramref name="at"/>.</summary>
    public void Touch(string key, DateTimeOffset at)
    {
        if (!_nodes.TryGetValue(key, out var node)) return;
        _order.Remove(node);
        node.Value = node.Value with { At = Latest(at) };
        _order.AddLast(node);
    }

    /// <summary>The key was used at <paramref name="at"/>, learnt only now; no later than its last known use changes nothing.</summary>
    public void TouchEarlier(string key, DateTimeOffset at)
    {
        if (!_nodes.TryGetValue(key, out var node) || at <= node.Value.At) return;
        _order.Remove(node);
        node.Value = node.Value with { At = at };
        // Uses of the same instant keep the order they were learnt in: the one learnt of late goes first.
        var after = _order.Last;
        while (after is not null && after.Value.At >= at) after = after.Previous;
        if (after is null) _order.AddFirst(node);
        else _order.AddAfter(after, node);
    }

    public void Remove(string key)
    {
        if (!_nodes.Remove(key, out var node)) return;
        _order.Remove(node);
        TotalBytes -= node.Value.Bytes;
    }

    // The order is by instant; a clock that stepped back must not put a present use behind older ones.
    private DateTimeOffset Latest(DateTimeOffset at) => _order.Last is { } last && last.Value.At > at ? last.Value.At : at;

    public bool TryPeekLeastRecent(out string key, out DateTimeOffset usedAt)
    {
        var first = _order.First;
        key = first?.Value.Key ?? "";
        usedAt = first?.Value.At ?? default;
        return first is not null;
    }
}
