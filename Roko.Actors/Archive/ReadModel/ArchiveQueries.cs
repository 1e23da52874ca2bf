using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Primitives;

namespace Roko.Actors.Archive.ReadModel;

/// <summary>One page of an account's history (newest first) and the cursor of the next page (null on the last page).</summary>
public sealed record AccountHistoryPage(IReadOnlyList<AccountHistoryEntry> Entries, HistoryCursor? Next);

/// <summary>How block <see cref="Change"/>.Height changed the account, and the ids of its transactions there that name it.</summary>
public sealed record AccountHistoryEntry(AccountChangeRow Change, IReadOnlyList<Hash32> TransactionIds);

/// <summary>An account at a height: its balance and stake after the last block up to it that changed them (<see cref="ChangedAt"/>).</summary>
public sealed record AccountStateRow(Address Address, ulong Height, Amount Balance, Amount Stake, ulong? ChangedAt);

/// <summary>Reads of the read model for the historical query API. Every method opens its own connection.</summary>
public sealed class ArchiveQueries(ReadModelDatabase database, string projection)
{
    private const string BlockColumns =
        "height, hash, previous_hash, cutoff, block_time, proposer, tx_root, state_root, validator_set_hash, round, tx_count, finalized_at, encoded";

    /// <summary>The highest indexed height, or null before the genesis projection is stored.</summary>
    public async Task<ulong?> IndexedHeightAsync(CancellationToken cancel = default)
    {
        await using var db = await database.OpenAsync(cancel);
        await using var command = db.Command("SELECT height FROM archive_progress WHERE projection = @p").With("@p", projection);
        return await command.ExecuteScalarAsync(cancel) is long h ? (ulong)h : null;
    }

    public async Task<IReadOnlyList<BlockRow>> BlocksAsync(ulong from, ulong to, CancellationToken cancel = default)
    {
        await using var db = await database.OpenAsync(cancel);
        await using var command = db.Command($"SELECT {BlockColumns} FROM archive_blocks WHERE height >= @from AND height <= @to ORDER BY height")
            .With("@from", (long)from).With("@to", (long)to);
        return await ReadBlocksAsync(command, cancel);
    }

    public async Task<BlockRow?> BlockByHashAsync(Hash32 hash, CancellationToken cancel = default)
    {
        await using var db = await database.OpenAsync(cancel);
        await using var command = db.Command($"SELECT {BlockColumns} FROM archive_blocks WHERE hash = @hash").With("@hash", hash.ToString());
        return (await ReadBlocksAsync(command, cancel)).FirstOrDefault();
    }

    public async Task<BlockRow?> BlockAtAsync(ulong height, CancellationToken cancel = default) =>
        (await BlocksAsync(height, height, cancel)).FirstOrDefault();

    public async Task<IReadOnlyList<CommitSignatureRow>> SignaturesAsync(ulong height, CancellationToken cancel = default)
    {
        await using var db = await database.OpenAsync(cancel);
        await using var command = db.Command(
            "SELECT validator, stake, clock_earliest, clock_latest FROM archive_commit_signatures WHERE height = @h ORDER BY validator")
            .With("@h", (long)height);
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var rows = new List<CommitSignatureRow>();
        while (await reader.ReadAsync(cancel))
            rows.Add(new CommitSignatureRow(height, PublicKey.Parse(reader.GetString(0)), ParseUnits(reader.GetString(1)),
                new NanoInterval(new NanoMoment(reader.GetInt64(2)), new NanoMoment(reader.GetInt64(3)))));
        return rows;
    }

    public async Task<TransactionRow?> TransactionAsync(Hash32 id, CancellationToken cancel = default)
    {
        await using var db = await database.OpenAsync(cancel);
        await using var command = db.Command(
            "SELECT id, height, position, signed_at, sender, kind, recipient, amount FROM archive_transactions WHERE id = @id").With("@id", id.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancel);
        if (!await reader.ReadAsync(cancel)) return null;
        return new TransactionRow(Hash32.Parse(reader.GetString(0)), (ulong)reader.GetInt64(1), reader.GetInt32(2), new NanoMoment(reader.GetInt64(3)),
            Address.Parse(reader.GetString(4)), Enum.Parse<Ledger.TransactionKind>(reader.GetString(5), ignoreCase: true),
            reader.IsDBNull(6) ? null : Address.Parse(reader.GetString(6)), ParseUnits(reader.GetString(7)));
    }

    /// <summary>Changes of <paramref name="address"/> below <paramref name="before"/> (newest first), at most <paramref name="limit"/>.</summary>
    public async Task<AccountHistoryPage> AccountHistoryAsync(Address address, HistoryCursor? before, int limit, CancellationToken cancel = default)
    {
        await using var db = await database.OpenAsync(cancel);
        var changes = new List<AccountChangeRow>();
        await using (var command = db.Command("""
            SELECT height, balance_before, balance_after, stake_before, stake_after FROM archive_account_changes
            WHERE address = @a AND height < @before ORDER BY height DESC LIMIT @limit
            """).With("@a", address.ToString()).With("@before", before is { } c ? (long)Math.Min(c.BeforeHeight, long.MaxValue) : long.MaxValue)
            .With("@limit", limit + 1))
        {
            await using var reader = await command.ExecuteReaderAsync(cancel);
            while (await reader.ReadAsync(cancel))
                changes.Add(new AccountChangeRow(address, (ulong)reader.GetInt64(0), ParseUnits(reader.GetString(1)), ParseUnits(reader.GetString(2)),
                    ParseUnits(reader.GetString(3)), ParseUnits(reader.GetString(4))));
        }
        bool more = changes.Count > limit;
        if (more) changes.RemoveAt(changes.Count - 1);
        var ids = new Dictionary<ulong, List<Hash32>>();
        if (changes.Count > 0)
        {
            await using var command = db.Command("""
                SELECT height, id FROM archive_transactions
                WHERE (sender = @a OR recipient = @a) AND height >= @low AND height <= @high ORDER BY height, position
                """).With("@a", address.ToString()).With("@low", (long)changes[^1].Height).With("@high", (long)changes[0].Height);
            await using var reader = await command.ExecuteReaderAsync(cancel);
            while (await reader.ReadAsync(cancel))
            {
                ulong h = (ulong)reader.GetInt64(0);
                if (!ids.TryGetValue(h, out var list)) ids[h] = list = [];
                list.Add(Hash32.Parse(reader.GetString(1)));
            }
        }
        var entries = changes.Select(c => new AccountHistoryEntry(c, ids.TryGetValue(c.Height, out var l) ? l : [])).ToList();
        return new AccountHistoryPage(entries, more ? new HistoryCursor(changes[^1].Height) : null);
    }

    public async Task<AccountStateRow> AccountStateAsync(Address address, ulong height, CancellationToken cancel = default)
    {
        await using var db = await database.OpenAsync(cancel);
        await using var command = db.Command("""
            SELECT height, balance_after, stake_after FROM archive_account_changes
            WHERE address = @a AND height <= @h ORDER BY height DESC LIMIT 1
            """).With("@a", address.ToString()).With("@h", (long)height);
        await using var reader = await command.ExecuteReaderAsync(cancel);
        if (!await reader.ReadAsync(cancel)) return new AccountStateRow(address, height, Amount.Zero, Amount.Zero, null);
        return new AccountStateRow(address, height, ParseUnits(reader.GetString(1)), ParseUnits(reader.GetString(2)), (ulong)reader.GetInt64(0));
    }

    /// <summary>The validator set that signs block <paramref name="height"/>, or null before any is stored.</summary>
    public async Task<ValidatorSetRow?> ValidatorSetAsync(ulong height, CancellationToken cancel = default)
    {
        await using var db = await database.OpenAsync(cancel);
        long from;
        string hash;
        await using (var command = db.Command(
            "SELECT from_height, hash FROM archive_validator_sets WHERE from_height <= @h ORDER BY from_height DESC LIMIT 1").With("@h", (long)height))
        {
            await using var reader = await command.ExecuteReaderAsync(cancel);
            if (!await reader.ReadAsync(cancel)) return null;
            (from, hash) = (reader.GetInt64(0), reader.GetString(1));
        }
        var members = ImmutableArray.CreateBuilder<ValidatorRow>();
        await using (var command = db.Command("SELECT validator, stake, region FROM archive_validators WHERE from_height = @f ORDER BY validator").With("@f", from))
        {
            await using var reader = await command.ExecuteReaderAsync(cancel);
            while (await reader.ReadAsync(cancel))
                members.Add(new ValidatorRow(PublicKey.Parse(reader.GetString(0)), ParseUnits(reader.GetString(1)), reader.GetString(2)));
        }
        return new ValidatorSetRow((ulong)from, Hash32.Parse(hash), members.ToImmutable());
    }

    /// <summary>Block and transaction times of blocks <paramref name="from"/>..<paramref name="to"/>, for the analytics.</summary>
    public async Task<IReadOnlyList<BlockTiming>> TimingsAsync(ulong from, ulong to, CancellationToken cancel = default)
    {
        await using var db = await database.OpenAsync(cancel);
        var blocks = new List<(ulong Height, NanoMoment Time, NanoMoment Final)>();
        await using (var command = db.Command("SELECT height, block_time, finalized_at FROM archive_blocks WHERE height >= @f AND height <= @t ORDER BY height")
            .With("@f", (long)from).With("@t", (long)to))
        {
            await using var reader = await command.ExecuteReaderAsync(cancel);
            while (await reader.ReadAsync(cancel))
                blocks.Add(((ulong)reader.GetInt64(0), new NanoMoment(reader.GetInt64(1)), new NanoMoment(reader.GetInt64(2))));
        }
        var signed = new Dictionary<ulong, List<NanoMoment>>();
        await using (var command = db.Command("SELECT height, signed_at FROM archive_transactions WHERE height >= @f AND height <= @t")
            .With("@f", (long)from).With("@t", (long)to))
        {
            await using var reader = await command.ExecuteReaderAsync(cancel);
            while (await reader.ReadAsync(cancel))
            {
                ulong h = (ulong)reader.GetInt64(0);
                if (!signed.TryGetValue(h, out var list)) signed[h] = list = [];
                list.Add(new NanoMoment(reader.GetInt64(1)));
            }
        }
        return [.. blocks.Select(b => new BlockTiming(b.Height, b.Time, b.Final, signed.TryGetValue(b.Height, out var l) ? l : []))];
    }

    private static async Task<IReadOnlyList<BlockRow>> ReadBlocksAsync(DbCommand command, CancellationToken cancel)
    {
        await using var reader = await command.ExecuteReaderAsync(cancel);
        var rows = new List<BlockRow>();
        while (await reader.ReadAsync(cancel))
            rows.Add(new BlockRow((ulong)reader.GetInt64(0), Hash32.Parse(reader.GetString(1)), Hash32.Parse(reader.GetString(2)),
                new NanoMoment(reader.GetInt64(3)), new NanoMoment(reader.GetInt64(4)), PublicKey.Parse(reader.GetString(5)),
                Hash32.Parse(reader.GetString(6)), Hash32.Parse(reader.GetString(7)), Hash32.Parse(reader.GetString(8)), (uint)reader.GetInt64(9),
                reader.GetInt32(10), new NanoMoment(reader.GetInt64(11)), (byte[])reader.GetValue(12)));
        return rows;
    }

    internal static Amount ParseUnits(string text) => new(UInt128.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture));
}
