using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Gateway.Actors.RateLimiting;

namespace Gateway.Actors.Wire;

/// <summary>
/// The binary format of every <see cref="IWireMessage"/>. The manifest names the type and the version of
/// its layout (<c>rl-check-1</c>): a node that meets a manifest it does not know refuses the message
/// instead of misreading it, and a changed layout gets a new manifest while the old one is still read.
/// </summary>
public sealed class WireSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka keeps 0–40 for itself; this number names the format in every message on the wire.</summary>
    public const int SerializerId = 7301;

    private const string CheckManifest = "rl-check-1";
    private const string DecisionManifest = "rl-decision-1";
    private const string GrantManifest = "rl-grant-1";
    private const string RevokeManifest = "rl-revoke-1";
    private const string ReturnedManifest = "rl-returned-1";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        RateLimiter.Check => CheckManifest,
        RateLimiter.Decision => DecisionManifest,
        RateLimiter.GrantLease => GrantManifest,
        RateLimiter.RevokeLease => RevokeManifest,
        RateLimiter.LeaseReturned => ReturnedManifest,
        _ => throw new SerializationException($"{o.GetType()} has no wire format"),
    };

    public override byte[] ToBinary(object obj)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            switch (obj)
            {
                case RateLimiter.Check check:
                    writer.Write(check.PolicyId);
                    writer.Write(check.ClientKey);
                    WritePolicy(writer, check.Policy);
                    WriteActorRef(writer, check.Desk);
                    break;
                case RateLimiter.Decision decision:
                    writer.Write(decision.PolicyId);
                    writer.Write(decision.ClientKey);
                    writer.Write(decision.Allowed);
                    writer.Write(decision.Limit);
                    writer.Write(decision.Remaining);
                    writer.Write(decision.ResetAfter.Ticks);
                    writer.Write(decision.RetryAfter.Ticks);
                    writer.Write(decision.Window.Ticks);
                    break;
                case RateLimiter.GrantLease grant:
                    writer.Write(grant.PolicyId);
                    writer.Write(grant.ClientKey);
                    WritePolicy(writer, grant.Policy);
                    writer.Write(grant.LeaseId);
                    writer.Write(grant.Permits);
                    writer.Write(grant.RemainingBeyond);
                    writer.Write(grant.ResetAfterAllTaken.Ticks);
                    writer.Write(grant.TicksPerPermit);
                    writer.Write(grant.Lifetime.Ticks);
                    break;
                case RateLimiter.RevokeLease revoke:
                    writer.Write(revoke.PolicyId);
                    writer.Write(revoke.ClientKey);
                    writer.Write(revoke.LeaseId);
                    break;
                case RateLimiter.LeaseReturned returned:
                    writer.Write(returned.LeaseId);
                    writer.Write(returned.Taken);
                    break;
                default:
                    throw new SerializationException($"{obj.GetType()} has no wire format");
            }
        }
        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        try
        {
            return manifest switch
            {
                CheckManifest => new RateLimiter.Check(reader.ReadString(), reader.ReadString(), ReadPolicy(reader))
                {
                    Desk = ReadActorRef(reader),
                },
                DecisionManifest => new RateLimiter.Decision(
                    reader.ReadString(), reader.ReadString(), reader.ReadBoolean(), reader.ReadInt32(), reader.ReadInt32(),
                    ReadTime(reader), ReadTime(reader), ReadTime(reader)),
                GrantManifest => new RateLimiter.GrantLease(
                    reader.ReadString(), reader.ReadString(), ReadPolicy(reader), reader.ReadInt64(), reader.ReadInt32(),
                    reader.ReadInt32(), ReadTime(reader), reader.ReadInt64(), ReadTime(reader)),
                RevokeManifest => new RateLimiter.RevokeLease(reader.ReadString(), reader.ReadString(), reader.ReadInt64()),
                ReturnedManifest => new RateLimiter.LeaseReturned(reader.ReadInt64(), reader.ReadInt32()),
                _ => throw new SerializationException($"unknown wire manifest '{manifest}' (a newer gateway's message?)"),
            };
        }
        catch (EndOfStreamException e)
        {
            throw new SerializationException($"truncated '{manifest}' message", e);
        }
    }

    private static void WritePolicy(BinaryWriter writer, RateLimiter.Settings policy)
    {
        writer.Write(policy.Enabled);
        writer.Write(policy.Requests);
        writer.Write(policy.Window.Ticks);
        writer.Write((byte)policy.Algorithm);
        writer.Write((byte)policy.Key);
        writer.Write(policy.IdleTimeout.Ticks);
        writer.Write(policy.Leases);
    }

    private static RateLimiter.Settings ReadPolicy(BinaryReader reader) =>
        new RateLimiter.Settings(
            reader.ReadBoolean(), reader.ReadInt32(), ReadTime(reader), ReadEnum<RateLimitAlgorithm>(reader),
            ReadEnum<ClientKeySource>(reader), ReadTime(reader))
        {
            Leases = reader.ReadBoolean(),
        };

    private static TEnum ReadEnum<TEnum>(BinaryReader reader) where TEnum : struct, Enum
    {
        var value = (TEnum)Enum.ToObject(typeof(TEnum), reader.ReadByte());
        return Enum.IsDefined(value) ? value : throw new SerializationException($"{typeof(TEnum).Name} {value} is not known here");
    }

    private static TimeSpan ReadTime(BinaryReader reader) => TimeSpan.FromTicks(reader.ReadInt64());

    private static void WriteActorRef(BinaryWriter writer, IActorRef? actor)
    {
        writer.Write(actor is not null);
        if (actor is not null) writer.Write(Serialization.SerializedActorPath(actor));
    }

    private IActorRef? ReadActorRef(BinaryReader reader) =>
        reader.ReadBoolean() ? system.Provider.ResolveActorRef(reader.ReadString()) : null;
}
