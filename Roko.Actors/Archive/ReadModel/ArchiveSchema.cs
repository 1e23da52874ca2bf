namespace Roko.Actors.Archive.ReadModel;

/// <summary>
/// The read model's tables (created if missing). Heights and nanosecond moments are BIGINT; hashes, keys and addresses
/// are lower-case hex text; amounts are base units (UInt128) as decimal text, so no database rounds them.
/// </summary>
public static class ArchiveSchema
{
    public static IReadOnlyList<string> Statements(string binaryType) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS archive_progress (
          projection TEXT PRIMARY KEY, sequence_nr BIGINT NOT NULL, height BIGINT NOT NULL, state {binaryType} NOT NULL)
        """,
        $"""
        CREATE TABLE IF NOT EXISTS archive_blocks (
          height BIGINT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, previous_hash TEXT NOT NULL, cutoff BIGINT NOT NULL,
          block_time BIGINT NOT NULL, proposer TEXT NOT NULL, tx_root TEXT NOT NULL, state_root TEXT NOT NULL,
          validator_set_hash TEXT NOT NULL, round BIGINT NOT NULL, tx_count INTEGER NOT NULL, finalized_at BIGINT NOT NULL,
          encoded {binaryType} NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS archive_transactions (
          id TEXT PRIMARY KEY, height BIGINT NOT NULL, position INTEGER NOT NULL, signed_at BIGINT NOT NULL,
          sender TEXT NOT NULL, kind TEXT NOT NULL, recipient TEXT NULL, amount TEXT NOT NULL, UNIQUE (height, position))
        """,
        "CREATE INDEX IF NOT EXISTS archive_transactions_sender ON archive_transactions (sender, height)",
        "CREATE INDEX IF NOT EXISTS archive_transactions_recipient ON archive_transactions (recipient, height)",
        """
        CREATE TABLE IF NOT EXISTS archive_account_changes (
          address TEXT NOT NULL, height BIGINT NOT NULL, balance_before TEXT NOT NULL, balance_after TEXT NOT NULL,
          stake_before TEXT NOT NULL, stake_after TEXT NOT NULL, PRIMARY KEY (address, height))
        """,
        """
        CREATE TABLE IF NOT EXISTS archive_commit_signatures (
          height BIGINT NOT NULL, validator TEXT NOT NULL, stake TEXT NOT NULL, clock_earliest BIGINT NOT NULL,
          clock_latest BIGINT NOT NULL, PRIMARY KEY (height, validator))
        """,
        "CREATE TABLE IF NOT EXISTS archive_validator_sets (from_height BIGINT PRIMARY KEY, hash TEXT NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS archive_validators (
          from_height BIGINT NOT NULL, validator TEXT NOT NULL, stake TEXT NOT NULL, region TEXT NOT NULL,
          PRIMARY KEY (from_height, validator))
        """,
    ];
}
