namespace Roko.Actors.Primitives;

/// <summary>First byte of every top-level canonical object; the second byte is its format version.</summary>
public enum CanonicalTag : byte
{
    Transaction = 0x01,
    BlockHeader = 0x02,
    Block = 0x03,
    Genesis = 0x04,
    Vote = 0x05,
    CommitCertificate = 0x06,
    Envelope = 0x07,
    LedgerSnapshot = 0x08,
    Proposal = 0x09,
    DuplicateVoteEvidence = 0x0A,
    SigningRecord = 0x0B,
    ForkEvidence = 0x10,
    BlockRangeAnswer = 0x11,
    SessionSignal = 0x12,
    TransactionBatch = 0x13,
}
