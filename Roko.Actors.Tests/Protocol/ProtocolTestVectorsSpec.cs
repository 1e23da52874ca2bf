using Roko.Actors.Tests.Support;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Protocol;

/// <summary>
/// The test vectors in docs/protocol.md, recomputed from the code: every line of the form
/// <c>- name: value</c> in the "Test vectors" section must equal what the code produces, so the two cannot drift.
/// </summary>
public partial class ProtocolTestVectorsSpec
{
    public const string ChainId = "roko-devnet";

    /// <summary>Every vector the document must state, computed from the code.</summary>
    public static IReadOnlyDictionary<string, string> Computed()
    {
        var key = SigningKey.FromSeed("roko-test-vector-1");
        var recipient = SigningKey.FromSeed("roko-test-vector-2").PublicKey.ToAddress();
        var timestamp = NanoMoment.Parse("2026-01-01T00:00:00.000000001Z");
        var tx = Transaction.Create(ChainId, key, timestamp, new TransferPayload(recipient, Amount.Parse("1.5 ROKO")));
        var body = Transaction.SigningBytes(tx.ChainId, tx.Signer, tx.Timestamp, tx.Payload);

        Hash32 Filled(byte b) => new(Enumerable.Repeat(b, 32).ToArray());
        var leaves = new[] { Filled(0x01), Filled(0x02), Filled(0x03) };

        var header = new BlockHeader(ChainId, 1, Filled(0x11), timestamp.AddNanoseconds(999_999_999),
            timestamp.AddNanoseconds(1_000_999_999), key.PublicKey, Block.TransactionRoot([tx]), Filled(0x22), Filled(0x33));

        var smt = SparseMerkleTree.Empty.Set(Filled(0x01), Filled(0x0a)).Set(Filled(0x02), Filled(0x0b)).Set(Filled(0x81), Filled(0x0c));
        var address = key.PublicKey.ToAddress();
        var state = StateTree.Build(ImmutableSortedDictionary.CreateRange([
                KeyValuePair.Create(address, Amount.Parse("1.5 ROKO")), KeyValuePair.Create(recipient, Amount.Parse("2 ROKO"))]),
            ImmutableSortedDictionary<PublicKey, StakeEntry>.Empty);
        var absent = SigningKey.FromSeed("roko-test-vector-3").PublicKey.ToAddress();
        var offender = SigningKey.FromSeed("roko-test-vector-2");
        var clock = new NanoInterval(timestamp, timestamp.AddNanoseconds(1_000_000));
        var evidence = DuplicateVoteEvidence.Create(
            Vote.Create(VoteType.Prevote, ChainId, 7, 1, Filled(0x44), clock, offender),
            Vote.Create(VoteType.Prevote, ChainId, 7, 1, Filled(0x55), clock, offender));
        var evidenceTx = Transaction.Create(ChainId, key, timestamp.AddNanoseconds(2), new EvidencePayload(evidence));
        var parameters = new ChainParameters(Amount.Parse("32000 ROKO"), 180L * 86_400 * 1_000_000_000, 60L * 1_000_000_000, 20_000,
            8_388_608, 21L * 86_400 * 1_000_000_000, 50_000, 100_000);
        var unbonding = new UnbondingId(timestamp.AddNanoseconds(21L * 86_400 * 1_000_000_000), offender.PublicKey, 3);
        var lockedBlock = new ProposedBlock(header, [tx]);
        var signingRecord = SigningRecord.Empty(ChainId, key.PublicKey)
            .At(1, 1, ConsensusStep.Precommit, 1, lockedBlock, 1, lockedBlock)
            .WithVote(Vote.Create(VoteType.Prevote, ChainId, 1, 1, lockedBlock.Hash, clock, key))
            .WithVote(Vote.Create(VoteType.Precommit, ChainId, 1, 1, lockedBlock.Hash, clock, key));

        return new Dictionary<string, string>
        {
            ["key.seed"] = "roko-test-vector-1",
            ["key.public"] = key.PublicKey.ToString(),
            ["key.address"] = key.PublicKey.ToAddress().ToString(),
            ["tx.to"] = recipient.ToString(),
            ["tx.signing_body"] = Convert.ToHexStringLower(body),
            ["tx.signing_message"] = Sha256.HashTagged("roko/tx-sign/v1", body).ToString(),
            ["tx.encoding"] = Convert.ToHexStringLower(tx.Encode()),
            ["tx.id"] = tx.Id.ToString(),
            ["tx.signature"] = tx.Signature.ToString(),
            ["merkle.root"] = MerkleTree.Root(leaves).ToString(),
            ["merkle.empty_root"] = MerkleTree.EmptyRoot.ToString(),
            ["header.tx_root"] = header.TransactionRoot.ToString(),
            ["header.encoding"] = Convert.ToHexStringLower(header.Encode()),
            ["header.hash"] = header.Hash.ToString(),
            ["smt.empty_root"] = SparseMerkleTree.Empty.Root.ToString(),
            ["smt.root"] = smt.Root.ToString(),
            ["smt.proof_present"] = Convert.ToHexStringLower(smt.Prove(Filled(0x02)).Encode()),
            ["smt.proof_absent"] = Convert.ToHexStringLower(smt.Prove(Filled(0x03)).Encode()),
            ["state.account_key"] = StateTree.AccountKey(address).ToString(),
            ["state.account_value"] = StateTree.AccountValue(address, Amount.Parse("1.5 ROKO"))!.Value.ToString(),
            ["state.root"] = state.Root.ToString(),
            ["state.proof_present"] = Convert.ToHexStringLower(StateTree.ProveAccount(state, address, Amount.Parse("1.5 ROKO")).Proof.Encode()),
            ["state.proof_absent"] = Convert.ToHexStringLower(StateTree.ProveAccount(state, absent, Amount.Zero).Proof.Encode()),
            ["evidence.tx_encoding"] = Convert.ToHexStringLower(evidenceTx.Encode()),
            ["evidence.tx_id"] = evidenceTx.Id.ToString(),
            ["params.encoding"] = Convert.ToHexStringLower(Encoded(parameters.WriteTo)),
            ["state.unbonding_leaf"] = LedgerState.UnbondingLeaf(unbonding, Amount.Parse("1.5 ROKO")).ToString(),
            ["state.tombstone_leaf"] = LedgerState.TombstoneLeaf(offender.PublicKey).ToString(),
            ["signing_record.encoding"] = Convert.ToHexStringLower(signingRecord.Encode()),
        };
    }

    private static byte[] Encoded(Action<CanonicalWriter> write)
    {
        var writer = new CanonicalWriter();
        write(writer);
        return writer.ToArray();
    }

    [GeneratedRegex(@"^- ([a-z_]+\.[a-z_]+): `?([^`\s]+)`?\s*$")]
    private static partial Regex VectorLine();

    private static Dictionary<string, string> Documented()
    {
        var lines = File.ReadAllLines(RepositoryRoot.Combine("docs", "protocol.md"));
        var vectors = new Dictionary<string, string>();
        foreach (var line in lines)
            if (VectorLine().Match(line) is { Success: true } m)
                Assert.True(vectors.TryAdd(m.Groups[1].Value, m.Groups[2].Value), $"vector {m.Groups[1].Value} appears twice");
        return vectors;
    }

    public static TheoryData<string> Names => [.. Computed().Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void The_documented_vector_should_match_the_code(string name)
    {
        var documented = Documented();
        string computed = Computed()[name];
        Assert.True(documented.ContainsKey(name), $"docs/protocol.md has no line '- {name}: {computed}'");
        Assert.True(computed == documented[name], $"docs/protocol.md states '- {name}: {documented[name]}', the code computes {computed}");
    }

    [Fact]
    public void The_documented_signing_record_should_decode_to_its_position_lock_and_signed_votes()
    {
        var record = SigningRecord.Decode(Convert.FromHexString(Documented()["signing_record.encoding"]));

        Assert.Equal((1UL, 1U, ConsensusStep.Precommit, 1, 1), (record.Height, record.Round, record.Step, record.LockedRound, record.ValidRound));
        Assert.True(record.Prevote!.VerifySignature() && record.Precommit!.VerifySignature());
        Assert.Same(record.ValidBlock, record.LockedBlock);
        Assert.Null(record.Proposal);
    }

    [Fact]
    public void Every_documented_vector_should_be_checked()
    {
        Assert.Empty(Documented().Keys.Except(Computed().Keys));
    }

    [Fact]
    public void The_documented_state_proofs_should_verify_against_the_documented_root()
    {
        var documented = Documented();
        var root = Hash32.Parse(documented["state.root"]);
        var present = SparseMerkleProof.Decode(Convert.FromHexString(documented["state.proof_present"]));
        var absent = SparseMerkleProof.Decode(Convert.FromHexString(documented["state.proof_absent"]));
        var address = SigningKey.FromSeed("roko-test-vector-1").PublicKey.ToAddress();
        var other = SigningKey.FromSeed("roko-test-vector-3").PublicKey.ToAddress();
        Assert.True(new AccountProof(address, Amount.Parse("1.5 ROKO"), present).Verify(root));
        Assert.True(new AccountProof(other, Amount.Zero, absent).Verify(root));
        Assert.False(new AccountProof(address, Amount.Parse("1.6 ROKO"), present).Verify(root));
    }

    [Fact]
    public void The_documented_evidence_transaction_should_decode_verify_and_prove_double_signing()
    {
        var tx = Transaction.Decode(Convert.FromHexString(Documented()["evidence.tx_encoding"]));
        Assert.True(tx.VerifySignature());
        Assert.Null(Assert.IsType<EvidencePayload>(tx.Payload).Evidence.Verify());
    }

    [Fact]
    public void The_documented_transaction_should_decode_and_verify()
    {
        var tx = Transaction.Decode(Convert.FromHexString(Documented()["tx.encoding"]));
        Assert.True(tx.VerifySignature());
        Assert.Equal(Documented()["tx.id"], tx.Id.ToString());
    }
}
