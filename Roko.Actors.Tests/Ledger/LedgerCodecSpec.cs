using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

public class LedgerCodecSpec
{
    private static (TestChain Chain, Block Block, LedgerState After) OneBlock()
    {
        var chain = Build.Chain().WithValidators(3).Funding(Keys.Alice, Amount.FromRoko(5000)).Funding(Keys.Bob, Amount.FromRoko(1)).Build();
        var block = chain.NextBlock().With(
            Build.Transaction().SignedAt(Moments.AfterGenesis(1)).Transfer(Keys.Bob, Amount.Parse("0.5 ROKO")),
            Build.Transaction().SignedAt(Moments.AfterGenesis(2)).Stake(Amount.FromRoko(2000), "na")).Seal();
        var after = LedgerTransition.Apply(chain.State, block).State!;
        return (chain, block, after);
    }

    [Fact]
    public void Block_should_survive_an_encode_decode_round_trip()
    {
        var (_, block, _) = OneBlock();
        var bytes = block.Encode();
        var decoded = Block.Decode(bytes);
        Assert.Equal(bytes, decoded.Encode());
        Assert.Equal(block.Hash, decoded.Hash);
        Assert.Equal(block.Header.Encode(), decoded.Header.Encode());
        Assert.Equal(block.Transactions.AsEnumerable(), decoded.Transactions.AsEnumerable());
        Assert.Equal(block.Commit.Signatures.AsEnumerable(), decoded.Commit.Signatures.AsEnumerable());
    }

    [Fact]
    public void Block_decoding_should_refuse_every_truncation_and_a_trailing_byte()
    {
        var bytes = OneBlock().Block.Encode();
        for (int length = 0; length < bytes.Length; length++)
        {
            var e = Record.Exception(() => Block.Decode(bytes.AsSpan(0, length)));
            Assert.True(e is CanonicalDecodingException, $"prefix of {length} bytes threw {e?.GetType().Name ?? "nothing"}");
        }
        Assert.Equal("block", Assert.Throws<CanonicalDecodingException>(() => Block.Decode([.. bytes, 0])).Field);
    }

    [Fact]
    public void Block_decoding_should_prefix_a_transaction_error_with_its_index()
    {
        var (_, block, _) = OneBlock();
        var bytes = block.Encode();
        int firstTx = 2 + block.Header.Encode().Length + 4;
        bytes[firstTx] = 0x09;
        var e = Assert.Throws<CanonicalDecodingException>(() => Block.Decode(bytes));
        Assert.Equal("block.transactions[0].transaction.tag", e.Field);
    }

    [Fact]
    public void Commit_decoding_should_refuse_unsorted_signatures_and_inverted_clocks()
    {
        var (_, block, _) = OneBlock();
        var sigs = block.Commit.Signatures;
        var unsorted = block with { Commit = block.Commit with { Signatures = [sigs[1], sigs[0], sigs[2]] } };
        Assert.Equal("commit.signatures[1].validator",
            Assert.Throws<CanonicalDecodingException>(() => Block.Decode(unsorted.Encode())).Field);

        var writer = new CanonicalWriter().Header(CanonicalTag.CommitCertificate, 1).WriteU64(1).WriteU32(0).WriteHash(Hash32.Zero)
            .WriteCount(1).WriteHash(sigs[0].Validator.Bytes).WriteMoment(new NanoMoment(5)).WriteMoment(new NanoMoment(4))
            .WriteHash(Hash32.Zero).WriteHash(Hash32.Zero);
        var e = Assert.Throws<CanonicalDecodingException>(() =>
        {
            var reader = new CanonicalReader(writer.WrittenSpan);
            CommitCertificate.ReadFrom(ref reader);
        });
        Assert.Equal("commit.signatures[0].clock_latest", e.Field);
    }

    [Fact]
    public void Header_should_survive_a_round_trip_and_its_hash_should_cover_every_field()
    {
        var h = OneBlock().Block.Header;
        Assert.Equal(h.Encode(), BlockHeader.Decode(h.Encode()).Encode());
        Assert.Equal(h.Hash, BlockHeader.Decode(h.Encode()).Hash);
        var variants = new[]
        {
            Headers.With(h, chainId: "x"), Headers.With(h, height: 9), Headers.With(h, previousHash: Hash32.Zero),
            Headers.With(h, cutoff: h.Cutoff.AddNanoseconds(1)), Headers.With(h, blockTime: h.BlockTime.AddNanoseconds(1)),
            Headers.With(h, proposer: Keys.Mallory.PublicKey), Headers.With(h, txRoot: Hash32.Zero),
            Headers.With(h, stateRoot: Hash32.Zero), Headers.With(h, validatorSetHash: Hash32.Zero),
        };
        Assert.Equal(variants.Length + 1, variants.Select(v => v.Hash).Append(h.Hash).Distinct().Count());
        Assert.Equal(Sha256.HashTagged("roko/header/v1", h.Encode()), h.Hash);
        Assert.Throws<CanonicalDecodingException>(() => BlockHeader.Decode([.. h.Encode(), 1]));
    }

    [Fact]
    public void LedgerStateCodec_should_round_trip_a_state_exactly()
    {
        var (chain, _, after) = OneBlock();
        foreach (var state in new[] { chain.State, after })
        {
            var decoded = LedgerStateCodec.Decode(LedgerStateCodec.Encode(state));
            Assert.Equal(state, decoded);
            Assert.Equal(state.ComputeStateRoot(), decoded.ComputeStateRoot());
            Assert.Equal(state.Validators.Hash, decoded.Validators.Hash);
        }
    }

    [Fact]
    public void LedgerStateCodec_should_refuse_truncation_trailing_bytes_and_unsorted_entries()
    {
        var state = OneBlock().After;
        var bytes = LedgerStateCodec.Encode(state);
        for (int length = 0; length < bytes.Length; length += 7)
            Assert.Throws<CanonicalDecodingException>(() => LedgerStateCodec.Decode(bytes.AsSpan(0, length)));
        Assert.Equal("snapshot", Assert.Throws<CanonicalDecodingException>(() => LedgerStateCodec.Decode([.. bytes, 0])).Field);

        var swapped = state with
        {
            Balances = ImmutableSortedDictionary.CreateRange(
                Comparer<Address>.Create((a, b) => b.CompareTo(a)), state.Balances),
        };
        var e = Assert.Throws<CanonicalDecodingException>(() => LedgerStateCodec.Decode(LedgerStateCodec.Encode(swapped)));
        Assert.Equal("snapshot.balances[1].address", e.Field);
    }

    [Fact]
    public void ChainParameters_should_refuse_unusable_values_when_decoded()
    {
        var bad = new ChainParameters(Amount.Zero, -1, 1, 1, Block.MinimumSize);
        Assert.Equal("stake_lock_ns must be >= 0", bad.Validate());
        var writer = new CanonicalWriter();
        bad.WriteTo(writer);
        var e = Assert.Throws<CanonicalDecodingException>(() =>
        {
            var reader = new CanonicalReader(writer.WrittenSpan);
            ChainParameters.ReadFrom(ref reader);
        });
        Assert.Equal("params", e.Field);
        Assert.NotNull((bad with { StakeLockNanos = 0, TransactionMaxAgeNanos = 0 }).Validate());
        Assert.NotNull((bad with { StakeLockNanos = 0, MaxTransactionsPerBlock = 0 }).Validate());
        Assert.NotNull((bad with { StakeLockNanos = 0, MaxBlockBytes = Block.MinimumSize - 1 }).Validate());
        Assert.Null((bad with { StakeLockNanos = 0 }).Validate());
    }

    [Fact]
    public void Genesis_Validate_should_name_the_first_problem()
    {
        var g = Build.Chain().Funding(Keys.Alice, Amount.FromRoko(1)).Build().Genesis;
        Assert.Null(g.Validate());
        Assert.Contains("chain_id is empty", (g with { ChainId = " " }).Validate());
        Assert.Contains("at least one", (g with { Validators = [] }).Validate());
        Assert.Contains("appears twice", (g with { Accounts = [.. g.Accounts, .. g.Accounts] }).Validate());
        Assert.Contains("appears twice", (g with { Validators = [.. g.Validators, .. g.Validators] }).Validate());
        Assert.Contains("unknown region", (g with { Validators = [g.Validators[0] with { Region = "mars" }] }).Validate());
        Assert.Contains("below the minimum", (g with { Validators = [g.Validators[0] with { Stake = new Amount(1) }] }).Validate());
        Assert.Contains("longer than", (g with { ChainId = new string('c', 65) }).Validate());
    }

    [Fact]
    public void Genesis_hash_should_not_depend_on_the_order_accounts_are_listed_in()
    {
        var a = Build.Chain().Funding(Keys.Alice, new Amount(1)).Funding(Keys.Bob, new Amount(2)).Build().Genesis;
        var b = Build.Chain().Funding(Keys.Bob, new Amount(2)).Funding(Keys.Alice, new Amount(1)).Build().Genesis;
        Assert.Equal(a.Hash, b.Hash);
    }

    [Fact]
    public void ValidatorSet_quorum_should_be_strictly_more_than_two_thirds()
    {
        var set = new ValidatorSet(Enumerable.Range(0, 3).Select(i => new Validator(Keys.Validator(i).PublicKey, new Amount(100), "eu")));
        Assert.Equal(new Amount(300), set.TotalStake);
        Assert.False(set.IsQuorum(new Amount(200)));
        Assert.True(set.IsQuorum(new Amount(201)));
        Assert.Throws<ArgumentException>(() => new ValidatorSet([set.Validators[0], set.Validators[0]]));
        var reversed = new ValidatorSet(set.Validators.Reverse());
        Assert.Equal(set.Hash, reversed.Hash);
    }

    [Fact]
    public void Vote_should_verify_and_refuse_a_changed_field()
    {
        var key = Keys.Validator(0);
        var vote = Vote.Create(VoteType.Precommit, "c", 3, 1, Hash32.Zero, NanoInterval.Around(Moments.Genesis, 5), key);
        Assert.True(vote.VerifySignature());
        Assert.False((vote with { Round = 2 }).VerifySignature());
        Assert.False((vote with { Type = VoteType.Prevote }).VerifySignature());
        Assert.False((vote with { Clock = NanoInterval.Around(Moments.Genesis, 6) }).VerifySignature());
    }
}
