namespace Gateway.Actors.Wire;

/// <summary>
/// A message that may cross from one gateway node to another. Every such type has a binary format in
/// <see cref="WireSerializer"/> under a versioned manifest, and a round-trip test.
/// </summary>
public interface IWireMessage;
