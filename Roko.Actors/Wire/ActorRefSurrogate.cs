namespace Roko.Actors.Wire;

/// <summary>What an <c>IActorRef</c> travels as: its serialized path, resolved again on the receiving node.</summary>
public sealed record ActorRefSurrogate(string Path);
