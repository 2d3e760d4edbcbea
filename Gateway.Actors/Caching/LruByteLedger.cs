namespace Gateway.Actors.Caching;

/// <summary>
/// The parent's view of what each key holds, in least-recently-used order, with the running total.
/// All operations are O(1); only keys holding bytes are tracked.
/// </summary>
internal sealed class LruByteLedger
{
    private readonly LinkedList<(string Key, long Bytes)> _order = new(); // first = least recently used
    private readonly Dictionary<string, LinkedListNode<(string Key, long Bytes)>> _nodes = new(StringComparer.Ordinal);

    public long TotalBytes { get; private set; }
    public int Count => _nodes.Count;

    /// <summary>Records what a key holds now; storing counts as a use. Zero forgets the key.</summary>
    public void Set(string key, long bytes)
    {
        Remove(key);
        if (bytes <= 0) return;
        _nodes[key] = _order.AddLast((key, bytes));
        TotalBytes += bytes;
    }

    public void Touch(string key)
    {
        if (!_nodes.TryGetValue(key, out var node)) return;
        _order.Remove(node);
        _order.AddLast(node);
    }

    public void Remove(string key)
    {
        if (!_nodes.Remove(key, out var node)) return;
        _order.Remove(node);
        TotalBytes -= node.Value.Bytes;
    }

    public bool TryPeekLeastRecent(out string key)
    {
        key = _order.First?.Value.Key ?? "";
        return _order.First is not null;
    }
}
