using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

/// <summary>Canonical encoding of a <see cref="LedgerState"/>, used for snapshots (docs/protocol.md §Ledger snapshot).</summary>
public static class LedgerStateCodec
{
    /// <summary>2: chain parameters grew; unbonding, tombstones and the validator history follow the stakes.</summary>
    public const byte Version = 2;
    private const int UnbondingEntrySize = 8 + PublicKey.Size + 8 + 16;
    private const int MaxEpochs = 1_000_000;
    private const int MaxValidatorsPerEpoch = CommitCertificate.MaxSignatures;
    private const int ValidatorEntryMinSize = PublicKey.Size + 16 + 4;
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
        writer.WriteCount(state.Unbonding.Count);
        foreach (var (id, amount) in state.Unbonding)
            writer.WriteMoment(id.ReleaseAt).WriteHash(id.Key.Bytes).WriteU64(id.StartedAtHeight).WriteAmount(amount);
        writer.WriteCount(state.Tombstoned.Count);
        foreach (var key in state.Tombstoned) writer.WriteHash(key.Bytes);
        writer.WriteCount(state.ValidatorHistory.Length);
        foreach (var epoch in state.ValidatorHistory)
        {
            writer.WriteU64(epoch.FromHeight).WriteCount(epoch.Set.Count);
            foreach (var v in epoch.Set.Validators) writer.WriteHash(v.Key.Bytes).WriteAmount(v.Stake).WriteString(v.Region);
        }
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
        var unbonding = ImmutableSortedDictionary.CreateBuilder<UnbondingId, Amount>();
        int unbondingCount = reader.ReadCount("snapshot.unbonding", MaxEntries, UnbondingEntrySize);
        UnbondingId? previousId = null;
        for (int i = 0; i < unbondingCount; i++)
        {
            string field = $"snapshot.unbonding[{i}]";
            var id = new UnbondingId(reader.ReadMoment(field + ".release_at"), new PublicKey(reader.ReadHash(field + ".key")),
                reader.ReadU64(field + ".started_at_height"));
            if (previousId is { } p && p.CompareTo(id) >= 0) throw new CanonicalDecodingException(field, "not sorted or repeated");
            unbonding[id] = reader.ReadAmount(field + ".amount");
            previousId = id;
        }
        var tombstoned = ImmutableSortedSet.CreateBuilder<PublicKey>();
        int tombstoneCount = reader.ReadCount("snapshot.tombstoned", MaxEntries, PublicKey.Size);
        for (int i = 0; i < tombstoneCount; i++)
        {
            var key = new PublicKey(reader.ReadHash($"snapshot.tombstoned[{i}]"));
            if (tombstoned.Count > 0 && tombstoned.Max.CompareTo(key) >= 0)
                throw new CanonicalDecodingException($"snapshot.tombstoned[{i}]", "not sorted or repeated");
            tombstoned.Add(key);
        }
        int epochCount = reader.ReadCount("snapshot.validator_history", MaxEpochs, 8 + 4);
        var history = ImmutableArray.CreateBuilder<ValidatorEpoch>(epochCount);
        for (int i = 0; i < epochCount; i++)
        {
            string field = $"snapshot.validator_history[{i}]";
            ulong from = reader.ReadU64(field + ".from_height");
            if (i > 0 && history[i - 1].FromHeight >= from) throw new CanonicalDecodingException(field + ".from_height", "not increasing");
            int count = reader.ReadCount(field + ".validators", MaxValidatorsPerEpoch, ValidatorEntryMinSize);
            var validators = new List<Validator>(count);
            for (int j = 0; j < count; j++)
            {
                var key = new PublicKey(reader.ReadHash($"{field}.validators[{j}].key"));
                if (j > 0 && validators[j - 1].Key.CompareTo(key) >= 0)
                    throw new CanonicalDecodingException($"{field}.validators[{j}].key", "not sorted or repeated");
                validators.Add(new Validator(key, reader.ReadAmount($"{field}.validators[{j}].stake"),
                    reader.ReadString($"{field}.validators[{j}].region", ValidatorRegions.MaxBytes)));
            }
            history.Add(new ValidatorEpoch(from, new ValidatorSet(validators)));
        }
        reader.End("snapshot");
        return new LedgerState(chainId, parameters, height, lastHash, lastCutoff, lastBlockTime, balances.ToImmutable(), stakes.ToImmutable())
        {
            Unbonding = unbonding.ToImmutable(),
            Tombstoned = tombstoned.ToImmutable(),
            ValidatorHistory = history.MoveToImmutable(),
        };
    }
}
