using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>Canonical encoding of a <see cref="LedgerState"/>, used for snapshots (docs/protocol.md §Ledger snapshot).</summary>
public static class LedgerStateCodec
{
    public const byte Version = 1;
    private const int MaxEntries = 10_000_000;
    private const int AccountEntrySize = Address.Size + 16;
    private const int StakeEntryMinSize = PublicKey.Size + 16 + 8 + 4;

    public static byte[] Encode(LedgerState state)
    {
        var writer = new CanonicalWriter(256 + state.Balances.Count * AccountEntrySize + state.Stakes.Count * 80)
            .Header(CanonicalTag.LedgerSnapshot, Version)
            .WriteString(state.ChainId);
        state.Parameters.WriteTo(writer);
        writer.WriteU64(state.Height).WriteHash(state.LastBlockHash).WriteMoment(state.LastCutoff).WriteMoment(state.LastBlockTime);
        writer.WriteCount(state.Balances.Count);
        foreach (var (address, balance) in state.Balances) writer.WriteAddress(address).WriteAmount(balance);
        writer.WriteCount(state.Stakes.Count);
        foreach (var (key, stake) in state.Stakes)
            writer.WriteHash(key.Bytes).WriteAmount(stake.Amount).WriteMoment(stake.LockedUntil).WriteString(stake.Region);
        return writer.ToArray();
    }

    public static LedgerState Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.Header(CanonicalTag.LedgerSnapshot, Version, "snapshot");
        string chainId = reader.ReadString("snapshot.chain_id", Transaction.MaxChainIdBytes);
        var parameters = ChainParameters.ReadFrom(ref reader);
        ulong height = reader.ReadU64("snapshot.height");
        var lastHash = reader.ReadHash("snapshot.last_block_hash");
        var lastCutoff = reader.ReadMoment("snapshot.last_cutoff");
        var lastBlockTime = reader.ReadMoment("snapshot.last_block_time");

        int accounts = reader.ReadCount("snapshot.balances", MaxEntries, AccountEntrySize);
        var balances = ImmutableSortedDictionary.CreateBuilder<Address, Amount>();
        Address? previousAddress = null;
        for (int i = 0; i < accounts; i++)
        {
            var address = reader.ReadAddress($"snapshot.balances[{i}].address");
            if (previousAddress is { } p && p.CompareTo(address) >= 0)
                throw new CanonicalDecodingException($"snapshot.balances[{i}].address", "not sorted or repeated");
            balances[address] = reader.ReadAmount($"snapshot.balances[{i}].amount");
            previousAddress = address;
        }

        int stakeCount = reader.ReadCount("snapshot.stakes", MaxEntries, StakeEntryMinSize);
        var stakes = ImmutableSortedDictionary.CreateBuilder<PublicKey, StakeEntry>();
        PublicKey? previousKey = null;
        for (int i = 0; i < stakeCount; i++)
        {
            var key = new PublicKey(reader.ReadHash($"snapshot.stakes[{i}].key"));
            if (previousKey is { } p && p.CompareTo(key) >= 0)
                throw new CanonicalDecodingException($"snapshot.stakes[{i}].key", "not sorted or repeated");
            stakes[key] = new StakeEntry(reader.ReadAmount($"snapshot.stakes[{i}].amount"),
                reader.ReadMoment($"snapshot.stakes[{i}].locked_until"),
                reader.ReadString($"snapshot.stakes[{i}].region", ValidatorRegions.MaxBytes));
            previousKey = key;
        }
        reader.End("snapshot");
        return new LedgerState(chainId, parameters, height, lastHash, lastCutoff, lastBlockTime, balances.ToImmutable(), stakes.ToImmutable());
    }
}
