using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Light;
using Roko.Actors.LightClient;
using Roko.Actors.Primitives;
using Roko.Actors.Tests.Builders;
using Roko.Actors.Tests.Support;
using Xunit;

namespace Roko.Actors.Tests.Light;

/// <summary>
/// The light node's pure parts and its store over a chain of 30 empty blocks signed by four validators: catch-up step
/// by step (sequential and skipping), checkpoint checks, the light-block encoding, balance proofs, and the SQLite store.
/// </summary>
public sealed class LightNodeCoreSpec
{
    private static readonly LightClientSettings Settings = new(TimeSpan.FromDays(7), TimeSpan.FromSeconds(10));
    private readonly TestChain _chain = Build.Chain().WithValidators(4).Funding(Keys.Alice, Amount.FromRoko(50)).Build();
    private readonly List<LightBlock> _blocks = [];
    private readonly LedgerState _genesisState;

    public LightNodeCoreSpec()
    {
        var state = _genesisState = _chain.State;
        for (int i = 0; i < 30; i++)
        {
            var block = _chain.NextBlock(state).Seal();
            _blocks.Add(LightBlock.Of(block, state.Validators));
            state = LedgerTransition.Apply(state, block).State!;
        }
    }

    private LightBlock At(ulong height) => _blocks[(int)height - 1];
    private NanoMoment Now => _blocks[^1].Header.BlockTime.AddNanoseconds(Moments.Seconds(1));

    /// <summary>Runs catch-up like the actor does: serve what each step asks for, until done or refused.</summary>
    private (TrustedState Trusted, List<ulong> Fetched, LightRefusal? Refusal) CatchUp(ulong from, ulong target, int sequentialGap,
        Func<ulong, LightBlock>? serve = null)
    {
        var trusted = new TrustedState(At(from));
        var fetched = new Dictionary<ulong, LightBlock>();
        var asked = new List<ulong>();
        for (int steps = 0; steps < 100; steps++)
        {
            var step = HeaderCatchUp.Next(trusted, target, fetched, Now, Settings, sequentialGap, maxRange: 5);
            if (step.Verified.Count > 0) trusted = new TrustedState(step.Verified[^1]);
            if (step.Refusal is not null || step.Done) return (trusted, asked, step.Refusal);
            for (ulong h = step.Need!.Value; h < step.Need.Value + (ulong)step.NeedCount; h++)
            {
                asked.Add(h);
                fetched[h] = (serve ?? At)(h);
            }
        }
        throw new InvalidOperationException("catch-up did not finish in 100 steps");
    }

    [Fact]
    public void Catch_up_should_verify_every_header_of_a_small_gap_in_ranges()
    {
        var (trusted, fetched, refusal) = CatchUp(3, 17, sequentialGap: 20);
        Assert.Null(refusal);
        Assert.Equal(17UL, trusted.Height);
        Assert.Equal(Enumerable.Range(4, 14).Select(h => (ulong)h), fetched);
    }

    [Fact]
    public void Catch_up_should_skip_a_large_gap_with_only_the_target_header()
    {
        var (trusted, fetched, refusal) = CatchUp(1, 30, sequentialGap: 5);
        Assert.Null(refusal);
        Assert.Equal(30UL, trusted.Height);
        Assert.Equal([30UL], fetched);
    }

    [Fact]
    public void Catch_up_should_stop_at_a_forged_header_with_its_reason()
    {
        var outsiders = Enumerable.Range(40, 4).Select(Keys.Validator).ToList();
        LightBlock Serve(ulong h) => h == 9 ? At(9) with { Commit = BlockBuilder.Commit(At(9).Header, outsiders) } : At(h);
        var (trusted, _, refusal) = CatchUp(3, 12, sequentialGap: 20, Serve);
        Assert.Equal(LightRefusalReason.UnknownSigner, refusal?.Reason);
        Assert.Equal(8UL, trusted.Height);
    }

    [Fact]
    public void Catch_up_should_do_nothing_when_the_target_is_not_above_the_trusted_height()
    {
        var step = HeaderCatchUp.Next(new TrustedState(At(5)), 5, new Dictionary<ulong, LightBlock>(), Now, Settings, 10, 5);
        Assert.True(step.Done);
        Assert.Empty(step.Verified);
    }

    [Fact]
    public void Checkpoint_should_parse_height_and_hash_and_explain_bad_input()
    {
        var hash = At(4).Header.Hash;
        Assert.True(Checkpoint.TryParse($"4:{hash}", out var checkpoint, out _));
        Assert.Equal(new Checkpoint(4, hash), checkpoint);
        Assert.False(Checkpoint.TryParse("4", out _, out var noColon));
        Assert.Contains("colon", noColon);
        Assert.False(Checkpoint.TryParse($"four:{hash}", out _, out var badHeight));
        Assert.Contains("height 'four' is not a whole number", badHeight);
        Assert.False(Checkpoint.TryParse("4:abc", out _, out var badHash));
        Assert.Contains("64 hex digits", badHash);
        Assert.False(Checkpoint.TryParse("", out _, out var empty));
        Assert.Contains("HEIGHT:HASH", empty);
    }

    [Fact]
    public void Checkpoint_should_accept_only_its_own_block_properly_signed()
    {
        var checkpoint = new Checkpoint(4, At(4).Header.Hash);
        Assert.Null(checkpoint.Check(At(4)));
        Assert.Equal(LightRefusalReason.CheckpointMismatch, checkpoint.Check(At(5))?.Reason);
        Assert.Equal(LightRefusalReason.WrongValidatorSetHash,
            checkpoint.Check(At(4) with { Validators = new ValidatorSet(At(4).Validators.Validators.Skip(1)) })?.Reason);
        Assert.Equal(LightRefusalReason.NotEnoughStake,
            checkpoint.Check(At(4) with { Commit = BlockBuilder.Commit(At(4).Header, _chain.ValidatorKeys.Take(1)) })?.Reason);
    }

    [Fact]
    public void Light_block_encoding_should_round_trip_and_refuse_garbage()
    {
        var b = At(7);
        var decoded = LightBlockEncoding.Decode(b.Header.Encode(), LightBlockEncoding.EncodeCertificate(b.Commit), LightBlockEncoding.EncodeValidators(b.Validators));
        Assert.Equal(b.Header.Hash, decoded.Header.Hash);
        Assert.Equal(b.Validators.Hash, decoded.Validators.Hash);
        Assert.Equal(LightBlockEncoding.EncodeCertificate(b.Commit), LightBlockEncoding.EncodeCertificate(decoded.Commit));
        var validators = LightBlockEncoding.EncodeValidators(b.Validators);
        Assert.Throws<CanonicalDecodingException>(() => LightBlockEncoding.DecodeValidators(validators.AsSpan(0, validators.Length - 1)));
        Assert.Throws<CanonicalDecodingException>(() => LightBlockEncoding.DecodeValidators([.. validators, 0]));
    }

    [Fact]
    public void Balance_check_should_accept_present_and_absent_accounts_and_refuse_tampering()
    {
        var header = At(1).Header;
        var stateAfter = LedgerTransition.Apply(_genesisState, new Block(header, [], At(1).Commit)).State!;
        var present = Keys.Alice.PublicKey.ToAddress();
        var absent = SigningKey.FromSeed("absent").PublicKey.ToAddress();
        Assert.Null(BalanceCheck.Verify(header, present, stateAfter.ProveAccount(present)));
        var none = stateAfter.ProveAccount(absent);
        Assert.Equal(Amount.Zero, none.Balance);
        Assert.Null(BalanceCheck.Verify(header, absent, none));

        var raised = stateAfter.ProveAccount(present) with { Balance = stateAfter.BalanceOf(present) + new Amount(UInt128.One) };
        Assert.Contains("does not lead to state root", BalanceCheck.Verify(header, present, raised));
        var claimedAbsent = none with { Address = present };
        Assert.NotNull(BalanceCheck.Verify(header, present, claimedAbsent));
        Assert.Contains("asked about", BalanceCheck.Verify(header, absent, stateAfter.ProveAccount(present)));
    }

    [Fact]
    public void Header_store_should_keep_verified_blocks_across_reopening()
    {
        using var dir = new TempDirectory();
        using (var store = LightHeaderStore.Open(dir.Path))
        {
            Assert.Null(store.Latest());
            store.Save([At(3), At(4), At(5)]);
            store.Save([At(6)]);
            store.Save([At(6)]); // saving a height again replaces it
            Assert.Equal(4, store.Count);
        }
        using (var reopened = LightHeaderStore.Open(dir.Path))
        {
            var latest = reopened.Latest();
            Assert.NotNull(latest);
            Assert.Equal(At(6).Header.Hash, latest.Header.Hash);
            Assert.Equal(At(6).Validators.Hash, latest.Validators.Hash);
            Assert.Equal(LightBlockEncoding.EncodeCertificate(At(6).Commit), LightBlockEncoding.EncodeCertificate(latest.Commit));
            Assert.Equal(At(4).Header.Hash, reopened.Get(4)?.Header.Hash);
            Assert.Null(reopened.Get(7));
            Assert.Null(HeaderVerifier.Verify(new TrustedState(latest), At(7), Now, Settings));
        }
    }
}
