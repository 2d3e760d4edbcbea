using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Gateway.Actors.Wire;

/// <summary>
/// The binary format of every <see cref="IWireMessage"/>. The manifest names the type and the version of
/// its layout (<c>rl-check-1</c>): a node that meets a manifest it does not know refuses the message
/// instead of misreading it, and a changed layout gets a new manifest while the old one is still read.
/// The layouts live with their protocols' wire files (<see cref="RateLimiterWire"/>, <see cref="BreakerWire"/>, <see cref="CacheWire"/>).
/// </summary>
public sealed class WireSerializer : SerializerWithStringManifest
{
    /// <summary>Akka keeps 0–40 for itself; this number names the format in every message on the wire.</summary>
    public const int SerializerId = 7301;

    private static readonly IReadOnlyList<WireCodec> Codecs = [.. RateLimiterWire.Codecs, .. BreakerWire.Codecs, .. CacheWire.Codecs];
    private static readonly Dictionary<Type, WireCodec> ByType = Codecs.Where(c => c.Write is not null).ToDictionary(c => c.Type);
    private static readonly Dictionary<string, WireCodec> ByManifest = Codecs.ToDictionary(c => c.Manifest, StringComparer.Ordinal);

    private readonly ExtendedActorSystem _system;

    public WireSerializer(ExtendedActorSystem system) : base(system) => _system = system;

    public override int Identifier => SerializerId;

    /// <summary>Every type with a layout (for the test that every wire message has one).</summary>
    public static IEnumerable<Type> KnownTypes => ByType.Keys;

    public override string Manifest(object o) => CodecOf(o).Manifest;

    public override byte[] ToBinary(object obj)
    {
        var codec = CodecOf(obj);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer)) codec.Write!(new WireWriter(writer, _system.Scheduler.Now), obj);
        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!ByManifest.TryGetValue(manifest, out var codec))
            throw new SerializationException($"unknown wire manifest '{manifest}' (a newer gateway's message?)");
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        try
        {
            return codec.Read(new WireReader(reader, _system, _system.Scheduler.Now));
        }
        catch (EndOfStreamException e)
        {
            throw new SerializationException($"truncated '{manifest}' message", e);
        }
    }

    private static WireCodec CodecOf(object o) =>
        ByType.TryGetValue(o.GetType(), out var codec) ? codec : throw new SerializationException($"{o.GetType()} has no wire format");
}
