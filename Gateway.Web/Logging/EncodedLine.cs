using System.Buffers;

namespace Gateway.Web.Logging;

/// <summary>
/// One log line as UTF-8 bytes, newline included, in an array rented from <see cref="ArrayPool{T}.Shared"/>.
/// Whoever holds it returns the array once the bytes are written: a line costs no garbage on its way out.
/// </summary>
public readonly record struct EncodedLine(byte[] Rented, int Length)
{
    public ReadOnlySpan<byte> Bytes => Rented.AsSpan(0, Length);

    public void Return() => ArrayPool<byte>.Shared.Return(Rented);
}
