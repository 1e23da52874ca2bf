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
}
