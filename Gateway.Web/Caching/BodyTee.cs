using System.Buffers;

namespace Gateway.Web.Caching;

/// <summary>
/// Keeps a copy of a response body as it streams to the client, up to a limit. Past the limit it lets
/// go of what it held and ignores the rest (the stream itself goes on). The buffer is pooled and grows
/// by doubling; the entry takes its own copy (<see cref="Gateway.Actors.Caching.CachedResponse"/>), so
/// the buffer goes back to the pool on <see cref="Dispose"/>.
/// </summary>
public sealed class BodyTee(long limit) : IDisposable
{
    private const int FirstSize = 4 * 1024;

    private readonly int _limit = (int)Math.Min(limit, Array.MaxLength);
    private byte[]? _buffer;
    private int _length;

    /// <summary>The body grew past the limit; what was kept is gone.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The bytes kept so far; valid until the next <see cref="Observe"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>The response observer: called with each chunk before it is written to the client.</summary>
    public void Observe(ReadOnlyMemory<byte> chunk)
    {
        if (Overflowed) return;
        if (chunk.Length > _limit - _length)
        {
            Overflowed = true;
            Release();
            return;
        }
        EnsureRoom(chunk.Length);
        chunk.Span.CopyTo(_buffer.AsSpan(_length));
        _length += chunk.Length;
    }

    private void EnsureRoom(int more)
    {
        var needed = _length + more;
        if (_buffer is not null && needed <= _buffer.Length) return;
        var size = Math.Max(_buffer?.Length ?? FirstSize, FirstSize);
        while (size < needed) size = size <= _limit / 2 ? size * 2 : _limit;
        var grown = ArrayPool<byte>.Shared.Rent(size);
        if (_buffer is not null)
        {
            _buffer.AsSpan(0, _length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
        }
        _buffer = grown;
    }

    private void Release()
    {
        if (_buffer is not null) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
        _length = 0;
    }

    public void Dispose() => Release();
}
