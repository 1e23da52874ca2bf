using Akka.Actor;
using Roko.Actors.Wire;

namespace Roko.Actors.ClusterAccess;

/// <summary>
/// What non-members (light nodes, external submitters) send through a ClusterClient to the services every validator
/// registers with its ClusterClientReceptionist: <c>ClusterClient.Send(TransactionSubmissionPath, …)</c> and
/// <c>ClusterClient.Send(HeaderFeedPath, …)</c>. Ledger objects travel in their canonical encoding (docs/protocol.md).
/// </summary>
public static class ClusterAccessProtocol
{
    public const string TransactionSubmissionName = "tx-submission";
    public const string HeaderFeedName = "header-feed";
    public const string TransactionSubmissionPath = "/user/node/" + TransactionSubmissionName;
    public const string HeaderFeedPath = "/user/node/" + HeaderFeedName;
    public const string LightAccessName = "light-access";
    public const string LightAccessPath = "/user/node/" + LightAccessName;

    /// <summary>Admit this canonically encoded, signed transaction; answered by <see cref="TransactionSubmitted"/> or <see cref="TransactionRefused"/>.</summary>
    public sealed record SubmitEncodedTransaction(byte[] Transaction) : IWireMessage;

    /// <summary>The mempool admitted it; <paramref name="Id"/> is the transaction id in hex.</summary>
    public sealed record TransactionSubmitted(string Id) : IWireMessage;

    /// <summary>
    /// Refused, nothing changed. <paramref name="Code"/> is the mempool's admission code, <c>undecodable</c> when the
    /// bytes are not a transaction, or <c>timeout</c>; <paramref name="Id"/> is null when the bytes did not decode.
    /// </summary>
    public sealed record TransactionRefused(string? Id, string Code, string Reason) : IWireMessage;

    /// <summary>
    /// Push every block this validator commits from now on to <paramref name="Subscriber"/> as a <see cref="CommittedHeader"/>;
    /// answered by <see cref="HeadersSubscribed"/> or <see cref="HeaderFeedFull"/>. The subscriber is watched and
    /// dropped when it terminates.
    /// </summary>
    public sealed record SubscribeHeaders(IActorRef Subscriber) : IWireMessage;

    /// <summary>Subscribed; <paramref name="Height"/> is the latest height committed when the subscription started.</summary>
    public sealed record HeadersSubscribed(ulong Height) : IWireMessage;

    /// <summary>Refused: the feed already serves <c>roko.cluster-access.max-subscribers</c> subscribers.</summary>
    public sealed record HeaderFeedFull(int Limit) : IWireMessage;

    /// <summary>Stop pushing to <paramref name="Subscriber"/>; answered by <see cref="HeadersUnsubscribed"/>.</summary>
    public sealed record UnsubscribeHeaders(IActorRef Subscriber) : IWireMessage;

    public sealed record HeadersUnsubscribed : IWireMessage
    {
        public static HeadersUnsubscribed Instance { get; } = new();
    }

    /// <summary>One committed block's header and its commit certificate, each canonically encoded.</summary>
    public sealed record CommittedHeader(ulong Height, byte[] Header, byte[] Certificate) : IWireMessage;

    /// <summary>
    /// From a light node to /user/node/light-access: the committed blocks from <paramref name="From"/> as light blocks,
    /// at most <paramref name="Count"/> (capped by <c>roko.cluster-access.max-light-blocks</c>); answered by
    /// <see cref="LightBlocksServed"/> or <see cref="LightRequestRefused"/>.
    /// </summary>
    public sealed record GetLightBlocks(ulong From, int Count) : IWireMessage
    {
        /// <summary>Null when well formed; otherwise which field is wrong and why.</summary>
        public string? Validate() => From == 0 ? "from: heights start at 1" : Count < 1 ? $"count: {Count} is not positive" : null;
    }

    /// <summary>
    /// Consecutive light blocks from <paramref name="From"/> (fewer than asked, or none, when the server's chain ends
    /// earlier or it no longer holds the validator set of a height); <paramref name="Head"/> is its latest height.
    /// </summary>
    public sealed record LightBlocksServed(ulong From, ulong Head, EncodedLightBlock[] Blocks) : IWireMessage;

    /// <summary>One height's header, commit certificate and validator set, each canonically encoded (LightBlockEncoding).</summary>
    public sealed record EncodedLightBlock(byte[] Header, byte[] Certificate, byte[] Validators) : IWireMessage;

    /// <summary>
    /// From a light node: the balance of <paramref name="Address"/> (roko… text) in the state after block
    /// <paramref name="Height"/>, with its sparse Merkle proof; answered by <see cref="AccountProofServed"/> or
    /// <see cref="LightRequestRefused"/> (the server keeps the states of its last <c>roko.cluster-access.proof-heights</c> heights).
    /// </summary>
    public sealed record GetAccountProof(string Address, ulong Height) : IWireMessage;

    /// <summary>The balance in base units (decimal text) and the proof in its compact encoding (docs/protocol.md §Sparse Merkle tree).</summary>
    public sealed record AccountProofServed(ulong Height, string Address, string BalanceBaseUnits, byte[] Proof) : IWireMessage;

    /// <summary>
    /// From a light node to /user/node/light-access: two light blocks at one height that both verified for it (its
    /// primary's and a witness's). The validator's fork monitor judges each against its own chain by the fork rule
    /// (docs/operations.md §Forks); nothing is answered.
    /// </summary>
    public sealed record ReportConflictingBlocks(EncodedLightBlock First, EncodedLightBlock Second) : IWireMessage;

    /// <summary>The light-access service cannot answer: which part of the request and why.</summary>
    public sealed record LightRequestRefused(string Reason) : IWireMessage;
}
