using System.Runtime.Serialization;
using Akka.Actor;

namespace Gateway.Actors.Wire;

/// <summary>One message type's binary layout under one manifest; <see cref="Write"/> is null for a superseded layout, only read.</summary>
internal sealed record WireCodec(Type Type, string Manifest, Action<WireWriter, object>? Write, Func<WireReader, object> Read)
{
    public static WireCodec For<T>(string manifest, Action<WireWriter, T> write, Func<WireReader, T> read) where T : notnull =>
        new(typeof(T), manifest, (writer, message) => write(writer, (T)message), reader => read(reader));

    /// <summary>A layout a newer one replaced: still read, from nodes not yet upgraded, never written.</summary>
    public static WireCodec Superseded<T>(string manifest, Func<WireReader, T> read) where T : notnull =>
        new(typeof(T), manifest, null, reader => read(reader));
}

/// <summary>The primitives every layout is made of, written the same way everywhere.</summary>
/// <param name="now">The writing node's clock, against which instants that travel are written as ages.</param>
internal sealed class WireWriter(BinaryWriter writer, DateTimeOffset now)
{
    public void Text(string value) => writer.Write(value);
    public void Flag(bool value) => writer.Write(value);
    public void Int(int value) => writer.Write(value);
    public void Long(long value) => writer.Write(value);
    public void Double(double value) => writer.Write(value);
    public void Time(TimeSpan value) => writer.Write(value.Ticks);
    public void Moment(DateTimeOffset value) => writer.Write(value.UtcTicks);
    public void Byte(byte value) => writer.Write(value);

    public void Bytes(ReadOnlySpan<byte> value)
    {
        writer.Write(value.Length);
        writer.Write(value);
    }

    /// <summary>
    /// An instant as how long ago it was: nodes' clocks differ, so the reader puts it as long before its own
    /// now (see <see cref="WireReader.AgoFromNow"/>), and an age or a remaining lifetime survives the trip.
    /// </summary>
    public void Ago(DateTimeOffset at) => writer.Write((now - at).Ticks);

    public void List<T>(IReadOnlyCollection<T> items, Action<T> write)
    {
        writer.Write(items.Count);
        foreach (var item in items) write(item);
    }

    public void Optional<T>(T? value, Action<T> write) where T : class
    {
        writer.Write(value is not null);
        if (value is not null) write(value);
    }

    public void OptionalValue<T>(T? value, Action<T> write) where T : struct
    {
        writer.Write(value.HasValue);
        if (value is { } v) write(v);
    }

    public void Actor(IActorRef? actor) => Optional(actor, a => writer.Write(Akka.Serialization.Serialization.SerializedActorPath(a)));
}

/// <param name="now">The reading node's clock (see <see cref="WireWriter.Ago"/>).</param>
internal sealed class WireReader(BinaryReader reader, ExtendedActorSystem system, DateTimeOffset now)
{
    public string Text() => reader.ReadString();
    public bool Flag() => reader.ReadBoolean();
    public int Int() => reader.ReadInt32();
    public long Long() => reader.ReadInt64();
    public double Double() => reader.ReadDouble();
    public TimeSpan Time() => TimeSpan.FromTicks(reader.ReadInt64());
    public DateTimeOffset Moment() => new(reader.ReadInt64(), TimeSpan.Zero);

    public byte[] Bytes()
    {
        var length = reader.ReadInt32();
        if (length < 0) throw new SerializationException($"negative length {length}");
        var bytes = reader.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException();
    }

    public DateTimeOffset AgoFromNow() => now - TimeSpan.FromTicks(reader.ReadInt64());

    public T[] List<T>(Func<T> read)
    {
        var count = reader.ReadInt32();
        if (count < 0) throw new SerializationException($"negative count {count}");
        var items = new T[count];
        for (var i = 0; i < count; i++) items[i] = read();
        return items;
    }

    public TEnum Enum<TEnum>() where TEnum : struct, System.Enum
    {
        var value = (TEnum)System.Enum.ToObject(typeof(TEnum), reader.ReadByte());
        return System.Enum.IsDefined(value) ? value : throw new SerializationException($"{typeof(TEnum).Name} {value} is not known here");
    }

    public T? Optional<T>(Func<T> read) where T : class => reader.ReadBoolean() ? read() : null;

    public T? OptionalValue<T>(Func<T> read) where T : struct => reader.ReadBoolean() ? read() : null;

    public IActorRef? Actor() => Optional(() => system.Provider.ResolveActorRef(reader.ReadString()));
}
