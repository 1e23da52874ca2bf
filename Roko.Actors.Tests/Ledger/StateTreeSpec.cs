using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Ledger;
using Roko.Actors.Primitives;
using Xunit;

namespace Roko.Actors.Tests.Ledger;

public class StateTreeSpec
{
    private static Address AddressOf(int i) => SigningKey.FromSeed($"state-tree-{i}").PublicKey.ToAddress();

    private static LedgerState State(int accounts)
    {
        var balances = ImmutableSortedDictionary.CreateRange(Enumerable.Range(0, accounts)
            .Select(i => KeyValuePair.Create(AddressOf(i), new Amount((UInt128)(i + 1) * 1000))));
        var key = SigningKey.FromSeed("state-tree-validator").PublicKey;
        var stakes = ImmutableSortedDictionary.CreateRange([KeyValuePair.Create(key,
            new StakeEntry(Amount.Parse("32000 ROKO"), NanoMoment.UnixEpoch, "eu"))]);
        return new LedgerState("roko-specs", new ChainParameters(Amount.Parse("32000 ROKO"), 0, 1_000_000_000, 100, 1 << 20), 0, Hash32.Zero, NanoMoment.UnixEpoch,
            NanoMoment.UnixEpoch, balances, stakes);
    }

    [Fact]
    public void Incremental_root_should_equal_a_root_built_from_scratch()
    {
        var state = State(50);
        _ = state.ComputeStateRoot();
        var next = state with { Balances = state.Balances.SetItem(AddressOf(3), Amount.Zero).SetItem(AddressOf(77), new Amount(5)).Remove(AddressOf(9)) };
        var again = next with { Height = 1 };
        var scratch = new LedgerState(again.ChainId, again.Parameters, again.Height, again.LastBlockHash, again.LastCutoff,
            again.LastBlockTime, again.Balances, again.Stakes);
        Assert.Equal(scratch.ComputeStateRoot(), again.ComputeStateRoot());
        Assert.NotEqual(state.ComputeStateRoot(), again.ComputeStateRoot());
    }

    [Fact]
    public void Incremental_root_should_follow_unbonding_entries_and_tombstones()
    {
        var state = State(10);
        _ = state.ComputeStateRoot();
        var key = SigningKey.FromSeed("state-tree-validator").PublicKey;
        var unbonding = new UnbondingId(NanoMoment.UnixEpoch.AddNanoseconds(5), key, 2);
        var next = state with
        {
            Unbonding = state.Unbonding.Add(unbonding, Amount.Parse("100 ROKO")),
            Tombstoned = state.Tombstoned.Add(key),
        };
        _ = next.ComputeStateRoot();
        var released = next with { Unbonding = next.Unbonding.Remove(unbonding) };
        var scratch = new LedgerState(released.ChainId, released.Parameters, released.Height, released.LastBlockHash, released.LastCutoff,
            released.LastBlockTime, released.Balances, released.Stakes) { Tombstoned = released.Tombstoned };

        Assert.NotEqual(state.ComputeStateRoot(), next.ComputeStateRoot());
        Assert.NotEqual(next.ComputeStateRoot(), released.ComputeStateRoot());
        Assert.Equal(scratch.ComputeStateRoot(), released.ComputeStateRoot());
        Assert.True(released.StateTree.TryGet(StateTree.TombstoneKey(key), out var value));
        Assert.Equal(StateTree.TombstoneValue(key), value);
        Assert.False(released.StateTree.TryGet(StateTree.UnbondingKey(unbonding), out _));
    }

    [Fact]
    public void Zero_balance_should_be_the_same_as_no_account()
    {
        var state = State(5);
        var zeroed = state with { Balances = state.Balances.SetItem(AddressOf(2), Amount.Zero) };
        var removed = state with { Balances = state.Balances.Remove(AddressOf(2)) };
        Assert.Equal(removed.ComputeStateRoot(), zeroed.ComputeStateRoot());
    }

    [Fact]
    public void Account_proofs_should_verify_for_present_and_absent_accounts_and_fail_when_tampered()
    {
        var state = State(20);
        var root = state.ComputeStateRoot();
        var present = state.ProveAccount(AddressOf(4));
        Assert.Equal(new Amount(5000), present.Balance);
        Assert.True(present.Verify(root));
        var absent = state.ProveAccount(AddressOf(1234));
        Assert.True(absent.Balance.IsZero);
        Assert.True(absent.Verify(root));

        Assert.False((present with { Balance = new Amount(5001) }).Verify(root));
        Assert.False((absent with { Balance = new Amount(1) }).Verify(root));
        Assert.False((present with { Address = AddressOf(5) }).Verify(root));
        Assert.False(present.Verify(Sha256.Hash([1])));
    }

    [Fact]
    public void Stakes_should_be_in_the_root()
    {
        var state = State(3);
        var key = state.Stakes.Keys.Single();
        var moved = state with { Stakes = state.Stakes.SetItem(key, state.Stakes[key] with { Region = "na" }) };
        Assert.NotEqual(state.ComputeStateRoot(), moved.ComputeStateRoot());
        Assert.True(moved.StateTree.TryGet(StateTree.StakeKey(key), out var value));
        Assert.Equal(StateTree.StakeValue(key, moved.Stakes[key]), value);
    }
}
