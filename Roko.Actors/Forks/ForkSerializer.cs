using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Roko.Actors.Forks;

/// <summary>
/// Persists the fork monitor's journal events in canonical bytes (the evidence in its tag 0x10 encoding), so the
/// record of a fork stays readable across versions of this code and of Akka. Never Hyperion for persisted data.
/// </summary>
public sealed class ForkSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerIdentifier = 7710;
    public const string DetectedManifest = "fork-detected/v1";
    public const string ResumedManifest = "signing-resumed/v1";

    public override int Identifier => SerializerIdentifier;

    public override string Manifest(object o) => o switch
    {
        ForkDetected => DetectedManifest,
        SigningResumed => ResumedManifest,
        _ => throw new ArgumentException($"ForkSerializer cannot store {o.GetType().FullName}"),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        ForkDetected detected => detected.Encode(),
        SigningResumed resumed => resumed.Encode(),
        _ => throw new ArgumentException($"ForkSerializer cannot store {obj.GetType().FullName}"),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        DetectedManifest => ForkDetected.Decode(bytes),
        ResumedManifest => SigningResumed.Decode(bytes),
        _ => throw new SerializationException($"ForkSerializer does not know manifest '{manifest}'"),
    };
}
