using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;
using Roko.Actors.Ledger;

namespace Roko.Actors.Persistence;

/// <summary>
/// Persists committed blocks and ledger snapshots in their canonical encoding, so stored data stays readable
/// across versions of this code (and of Akka). Never Hyperion for persisted data.
/// </summary>
public sealed class ChainSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerIdentifier = 7702;
    public const string BlockManifest = "block/v1";
    public const string SnapshotManifest = "ledger-snapshot/v1";

    public override int Identifier => SerializerIdentifier;

    public override string Manifest(object o) => o switch
    {
        Block => BlockManifest,
        LedgerState => SnapshotManifest,
        _ => throw new ArgumentException($"ChainSerializer cannot store {o.GetType().FullName}"),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        Block block => block.Encode(),
        LedgerState state => LedgerStateCodec.Encode(state),
        _ => throw new ArgumentException($"ChainSerializer cannot store {obj.GetType().FullName}"),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        BlockManifest => Block.Decode(bytes),
        SnapshotManifest => LedgerStateCodec.Decode(bytes),
        _ => throw new SerializationException($"ChainSerializer does not know manifest '{manifest}'"),
    };
}
