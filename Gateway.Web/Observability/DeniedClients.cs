namespace Gateway.Web.Observability;

/// <summary>
/// The clients the rate limiter refuses most, in bounded memory whatever the number of clients: a
/// Space-Saving table (Metwally et al.) of <c>capacity</c> counters. A client already in the table
/// counts up exactly; a newcomer to a full table takes the place of the smallest count and inherits
/// it plus one. So a count is never too low (only too high, by what it inherited), and a client
/// with more than 1/capacity of all denials is never pushed out by a crowd of one-off clients.
/// <para>
/// Two generations of <see cref="Generation"/> each are kept so the list says who is being refused
/// now (the last one to two generations), not who was refused an hour ago.
/// </para>
/// </summary>
public sealed class DeniedClients
{
    public static readonly TimeSpan Generation = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private SpaceSaving _current;
    private SpaceSaving _previous;
    private DateTimeOffset _currentStarted;

    /// <param name="capacity">Counters per generation; the report can rank at most this many clients.</param>
    public DeniedClients(int capacity, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _time = time;
        _current = new SpaceSaving(capacity);
        _previous = new SpaceSaving(capacity);
        _currentStarted = time.GetUtcNow();
    }

    public void Record(string client)
    {
        lock (_gate)
        {
            Rotate();
            _current.Add(client);
        }
    }

    /// <summary>The <paramref name="count"/> most refused clients of the last one to two generations, most refused first.</summary>
    public IReadOnlyList<ClientDenials> Top(int count)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        lock (_gate)
        {
            Rotate();
            _previous.AddTo(sums);
            _current.AddTo(sums);
        }
        return sums
            .OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(count)
            .Select(s => new ClientDenials(s.Key, s.Value))
            .ToList();
    }

    private void Rotate()
    {
        var elapsed = _time.GetUtcNow() - _currentStarted;
        if (elapsed < Generation) return;
        // A quiet spell longer than two generations leaves nothing worth keeping.
        _previous = elapsed < 2 * Generation ? _current : new SpaceSaving(_capacity);
        _current = new SpaceSaving(_capacity);
        _currentStarted += Generation * Math.Floor(elapsed / Generation);
    }

    private sealed class SpaceSaving(int capacity)
    {
        private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);
        private readonly string[] _clients = new string[capacity];
        private readonly long[] _counts = new long[capacity];
        private int _used;

        public void Add(string client)
        {
            if (_slotOf.TryGetValue(client, out var slot))
            {
                _counts[slot]++;
                return;
            }
            if (_used < _clients.Length)
            {
                slot = _used++;
                _counts[slot] = 1;
            }
            else
            {
                slot = Smallest();
                _slotOf.Remove(_clients[slot]);
                _counts[slot]++;
            }
            _clients[slot] = client;
            _slotOf[client] = slot;
        }

        public void AddTo(Dictionary<string, long> sums)
        {
            for (var i = 0; i < _used; i++)
                sums[_clients[i]] = sums.GetValueOrDefault(_clients[i]) + _counts[i];
        }

        private int Smallest()
        {
            var smallest = 0;
            for (var i = 1; i < _used; i++)
            {
                if (_counts[i] < _counts[smallest]) smallest = i;
            }
            return smallest;
        }
    }
}

public sealed record ClientDenials(string Client, long Denials);
