using System.Data.Common;
using System.Globalization;
using Roko.Actors.Ledger;

namespace Roko.Actors.Archive.ReadModel;

/// <summary>Where a projection stands: the last journal sequence number projected and the ledger state after it.</summary>
public sealed record ProjectionProgress(long SequenceNr, LedgerState State);

/// <summary>
/// Writes projections into the read model. Each block's rows and the projection's progress (offset and state) are
/// committed in one database transaction, so a crash leaves either all of a block or none of it, and a block at or
/// below the stored offset is skipped: projecting again is idempotent.
/// </summary>
public sealed class ArchiveWriter(ReadModelDatabase database, string projection)
{
    public ReadModelDatabase Database { get; } = database;
    public string Projection { get; } = projection;

    public async Task CreateSchemaAsync(CancellationToken cancel = default)
    {
        await using var db = await Database.OpenAsync(cancel);
        if (Database.IsSqlite) await db.Command("PRAGMA journal_mode=WAL").RunAsync(cancel);
        foreach (var statement in ArchiveSchema.Statements(Database.BinaryType)) await db.Command(statement).RunAsync(cancel);
    }

    /// <summary>The stored progress, or null when nothing was projected yet.</summary>
    public async Task<ProjectionProgress?> ProgressAsync(CancellationToken cancel = default)
    {
        await using var db = await Database.OpenAsync(cancel);
        await using var command = db.Command("SELECT sequence_nr, state FROM archive_progress WHERE projection = @p").With("@p", Projection);
        await using var reader = await command.ExecuteReaderAsync(cancel);
        if (!await reader.ReadAsync(cancel)) return null;
        return new ProjectionProgress(reader.GetInt64(0), LedgerStateCodec.Decode((byte[])reader.GetValue(1)));
    }

    /// <summary>Stores <paramref name="rows"/> as the projection of journal event <paramref name="sequenceNr"/>; false when it was already stored.</summary>
    public async Task<bool> WriteAsync(BlockProjection rows, long sequenceNr, CancellationToken cancel = default)
    {
        await using var db = await Database.OpenAsync(cancel);
        await using var tx = await db.BeginTransactionAsync(cancel);
        await using (var current = db.Command("SELECT sequence_nr FROM archive_progress WHERE projection = @p", tx).With("@p", Projection))
        {
            if (await current.ExecuteScalarAsync(cancel) is long stored && stored >= sequenceNr) return false;
        }
        if (rows.Block is { } b)
            await db.Command("""
                INSERT INTO archive_blocks (height, hash, previous_hash, cutoff, block_time, proposer, tx_root, state_root,
                  validator_set_hash, round, tx_count, finalized_at, encoded)
                VALUES (@h, @hash, @prev, @cutoff, @time, @proposer, @txroot, @stateroot, @vset, @round, @count, @final, @enc)
                ON CONFLICT DO NOTHING
                """, tx)
                .With("@h", (long)b.Height).With("@hash", b.Hash.ToString()).With("@prev", b.PreviousHash.ToString())
                .With("@cutoff", b.Cutoff.UnixNanoseconds).With("@time", b.BlockTime.UnixNanoseconds).With("@proposer", b.Proposer.ToString())
                .With("@txroot", b.TransactionRoot.ToString()).With("@stateroot", b.StateRoot.ToString())
                .With("@vset", b.ValidatorSetHash.ToString()).With("@round", (long)b.Round).With("@count", b.TransactionCount)
                .With("@final", b.FinalizedAt.UnixNanoseconds).With("@enc", b.Encoded).RunAsync(cancel);
        foreach (var t in rows.Transactions)
            await db.Command("""
                INSERT INTO archive_transactions (id, height, position, signed_at, sender, kind, recipient, amount)
                VALUES (@id, @h, @pos, @at, @sender, @kind, @to, @amount) ON CONFLICT DO NOTHING
                """, tx)
                .With("@id", t.Id.ToString()).With("@h", (long)t.Height).With("@pos", t.Position).With("@at", t.Timestamp.UnixNanoseconds)
                .With("@sender", t.Sender.ToString()).With("@kind", t.Kind.ToString().ToLowerInvariant()).With("@to", t.Recipient?.ToString())
                .With("@amount", Units(t.Amount)).RunAsync(cancel);
        foreach (var c in rows.AccountChanges)
            await db.Command("""
                INSERT INTO archive_account_changes (address, height, balance_before, balance_after, stake_before, stake_after)
                VALUES (@a, @h, @bb, @ba, @sb, @sa) ON CONFLICT DO NOTHING
                """, tx)
                .With("@a", c.Address.ToString()).With("@h", (long)c.Height).With("@bb", Units(c.BalanceBefore)).With("@ba", Units(c.BalanceAfter))
                .With("@sb", Units(c.StakeBefore)).With("@sa", Units(c.StakeAfter)).RunAsync(cancel);
        foreach (var s in rows.Signatures)
            await db.Command("""
                INSERT INTO archive_commit_signatures (height, validator, stake, clock_earliest, clock_latest)
                VALUES (@h, @v, @stake, @e, @l) ON CONFLICT DO NOTHING
                """, tx)
                .With("@h", (long)s.Height).With("@v", s.Validator.ToString()).With("@stake", Units(s.Stake))
                .With("@e", s.Clock.Earliest.UnixNanoseconds).With("@l", s.Clock.Latest.UnixNanoseconds).RunAsync(cancel);
        if (rows.NextValidators is { } set)
        {
            await db.Command("INSERT INTO archive_validator_sets (from_height, hash) VALUES (@h, @hash) ON CONFLICT DO NOTHING", tx)
                .With("@h", (long)set.FromHeight).With("@hash", set.Hash.ToString()).RunAsync(cancel);
            foreach (var v in set.Members)
                await db.Command("INSERT INTO archive_validators (from_height, validator, stake, region) VALUES (@h, @v, @s, @r) ON CONFLICT DO NOTHING", tx)
                    .With("@h", (long)set.FromHeight).With("@v", v.Key.ToString()).With("@s", Units(v.Stake)).With("@r", v.Region).RunAsync(cancel);
        }
        await db.Command("""
            INSERT INTO archive_progress (projection, sequence_nr, height, state) VALUES (@p, @seq, @h, @state)
            ON CONFLICT (projection) DO UPDATE SET sequence_nr = excluded.sequence_nr, height = excluded.height, state = excluded.state
            """, tx)
            .With("@p", Projection).With("@seq", sequenceNr).With("@h", (long)rows.Height).With("@state", LedgerStateCodec.Encode(rows.After))
            .RunAsync(cancel);
        await tx.CommitAsync(cancel);
        return true;
    }

    internal static string Units(Primitives.Amount amount) => amount.BaseUnits.ToString(CultureInfo.InvariantCulture);
}
