using System.Collections.Immutable;

namespace Gateway.Actors.Caching;

/// <summary>
/// A request's fields, copied and normalised (<see cref="VaryValue"/>), as a lookup carries them to the key's entity:
/// which fields the key's variants vary on only the entity knows, so the lookup brings them all.
/// </summary>
public sealed class RequestFields : IVaryFields, IEquatable<RequestFields>
{
    /// <summary>A request without fields.</summary>
    public static readonly RequestFields None = new([]);

    /// <param name="fields">Each field once, with its one normalised value.</param>
    public RequestFields(ImmutableArray<CachedHeader> fields) => Fields = fields;

    public ImmutableArray<CachedHeader> Fields { get; }

    public string? ValueOf(string name)
    {
        foreach (var field in Fields)
            if (field.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                return field.Values.IsEmpty ? "" : field.Values[0];
        return null;
    }

    public bool Equals(RequestFields? other) =>
        other is not null && Fields.Length == other.Fields.Length
        && Fields.Zip(other.Fields).All(pair => pair.First.Name == pair.Second.Name && pair.First.Values.SequenceEqual(pair.Second.Values));

    public override bool Equals(object? obj) => Equals(obj as RequestFields);

    public override int GetHashCode() => Fields.Length;
}
