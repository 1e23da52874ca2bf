namespace Roko.Actors.Wire;

/// <summary>
/// Marks a type that crosses between nodes: a message, or a record carried inside one. Every concrete
/// implementation in a scanned assembly is on the wire allowlist and is bound to <see cref="HyperionWireSerializer"/>.
/// </summary>
public interface IWireMessage;
