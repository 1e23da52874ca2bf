using Roko.Actors.Crypto;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Crypto;

/// <summary>
/// Project Wycheproof's Ed25519 verification vectors (Crypto/Vectors/wycheproof-ed25519.tsv): 151 cases, among them
/// malleated S (S + L), non-canonical encodings, truncated and padded signatures and the RFC 8032 test vectors. Every
/// node must give each signature the same verdict, so the node's verifier (<see cref="Ed25519.Verify"/>: canonical S, then
/// libsodium), libsodium alone and BouncyCastle (the node's verifier before) must all give the expected one.
/// </summary>
public class WycheproofEd25519Spec
{
    public sealed record Vector(int Id, bool Valid, byte[] PublicKey, byte[] Message, byte[] Signature)
    {
        public override string ToString() => $"tc{Id} {(Valid ? "valid" : "invalid")}";
    }

    private static readonly Lazy<IReadOnlyList<Vector>> All = new(Load);

    private static IReadOnlyList<Vector> Load()
    {
        string path = RepositoryRoot.Combine("Roko.Actors.Tests", "Crypto", "Vectors", "wycheproof-ed25519.tsv");
        static byte[] Hex(string field) => field == "-" ? [] : Convert.FromHexString(field);
        return [.. File.ReadLines(path).Where(line => line.Length > 0 && line[0] != '#').Select(line =>
        {
            var f = line.Split('\t');
            return new Vector(int.Parse(f[0]), f[1] switch { "valid" => true, "invalid" => false, _ => throw new FormatException(line) },
                Hex(f[2]), Hex(f[3]), Hex(f[4]));
        })];
    }

    public static TheoryData<int> Ids()
    {
        var data = new TheoryData<int>();
        foreach (var v in All.Value) data.Add(v.Id);
        return data;
    }

    private static Vector Of(int id) => All.Value.Single(v => v.Id == id);

    [Fact]
    public void The_vector_file_should_hold_every_case_with_both_verdicts()
    {
        Assert.Equal(151, All.Value.Count);
        Assert.Equal(All.Value.Count, All.Value.Select(v => v.Id).Distinct().Count());
        Assert.Contains(All.Value, v => v.Valid);
        Assert.Contains(All.Value, v => !v.Valid);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_node_verifier_should_give_the_expected_verdict(int id)
    {
        var v = Of(id);
        Assert.Equal(v.Valid, Ed25519.Verify(v.PublicKey, v.Message, v.Signature));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Libsodium_and_BouncyCastle_alone_should_give_the_expected_verdict(int id)
    {
        var v = Of(id);
        Assert.Equal(v.Valid, LibsodiumEd25519.Verify(v.PublicKey, v.Message, v.Signature));
        Assert.Equal(v.Valid, BouncyCastleEd25519.Verify(v.PublicKey, v.Message, v.Signature));
    }
}
