using System.Collections.Immutable;
using Akka.Actor;
using Roko.Actors.Wire;

namespace Roko.Actors.Tests.Wire;

public enum TransferKind
{
    Transfer,
    Stake,
    Unstake,
}

/// <summary>A nested record: it crosses the wire inside other messages, so it is a wire type too.</summary>
public sealed record WireAmount(UInt128 Value, string Denomination) : IWireMessage;

public sealed record TransferAnnounced(
    long Height,
    UInt128 Amount,
    byte[] Signature,
    ImmutableArray<byte> PublicKey,
    ImmutableArray<WireAmount> Fees,
    WireAmount Total,
    string Memo,
    TransferKind Kind,
    IActorRef ReplyTo) : IWireMessage;

/// <summary>An allowed message whose payload is only known at run time, so only the type filter can check it.</summary>
public sealed record OpaqueParcel(object Payload) : IWireMessage;

/// <summary>Not a wire type: it must never be written or read by the wire serializer.</summary>
public sealed record UnlistedRecord(string Secret);

/// <summary>A type no serializer is bound to: Akka would fall back to its JSON serializer (identifier 1) for it.</summary>
public sealed record UnboundRecord(string Secret);

/// <summary>Listed explicitly in the type filter specs.</summary>
public sealed record AllowedRecord(int Value);

/// <summary>Shaped like a message with a field type nobody listed; deliberately not an IWireMessage.</summary>
public sealed record MessageWithUnlistedField(long Height, UnlistedRecord Hidden);

public sealed record PeersAnnounced(ImmutableArray<IActorRef> Peers) : IWireMessage;
