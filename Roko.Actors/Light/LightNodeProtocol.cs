using Roko.Actors.Ledger;
using Roko.Actors.LightClient;
using Roko.Actors.Primitives;

namespace Roko.Actors.Light;

/// <summary>Messages of the LightNode actor (/user/light). None crosses the wire: the node talks to validators in ClusterAccessProtocol terms.</summary>
public static class LightNodeProtocol
{
    /// <summary>Asks for the node's progress; answered by <see cref="CurrentLightStatus"/>.</summary>
    public sealed record GetLightStatus
    {
        public static GetLightStatus Instance { get; } = new();
    }

    /// <summary>
    /// The latest verified header (<paramref name="Height"/> 0 and no hash before the checkpoint is in), the head the
    /// contacts last reported, the contact in use, whether the node has caught up with that head (false until a contact has reported one), how long after start
    /// it first did, how many headers it verified this run, and its recent refusals (oldest first). Witnesses:
    /// <paramref name="WitnessChecks"/> headers cross-checked this run with at least one witness answering,
    /// <paramref name="WitnessAgreements"/> witness answers that held the same header, <paramref name="Conflicts"/> forks
    /// kept in the store (ever), and <paramref name="Halted"/> why the node stopped trusting headers (null: it did not).
    /// </summary>
    public sealed record CurrentLightStatus(ulong Height, Hash32? Hash, ulong KnownHead, string Contact, bool Following,
        TimeSpan? FollowingAfter, long VerifiedThisRun, IReadOnlyList<RefusalRecord> Refusals,
        long WitnessChecks = 0, long WitnessAgreements = 0, long Conflicts = 0, string? Halted = null);

    /// <summary>One refused answer: which contact served it, at what time (UTC), and why.</summary>
    public sealed record RefusalRecord(string Contact, DateTime At, LightRefusal Refusal);

    /// <summary>Asks for an account's balance, proved against the latest verified state root; answered by <see cref="BalanceVerified"/> or <see cref="BalanceRefused"/>.</summary>
    public sealed record GetBalance(Address Account);

    /// <summary>The balance, proved against <paramref name="StateRoot"/> of verified height <paramref name="Height"/>.</summary>
    public sealed record BalanceVerified(Address Account, Amount Balance, ulong Height, Hash32 StateRoot);

    /// <summary>No verified balance: no verified header yet, the contact could not answer, or its proof was refused.</summary>
    public sealed record BalanceRefused(Address Account, string Reason);

    /// <summary>Submit a signed transaction through the contact's tx-submission service; answered by
    /// ClusterAccessProtocol.TransactionSubmitted or TransactionRefused.</summary>
    public sealed record SubmitTransaction(Transaction Transaction);

    /// <summary>Event stream: the verified height advanced to <paramref name="Height"/>.</summary>
    public sealed record HeadersVerified(ulong Height, Hash32 Hash, ulong KnownHead);

    /// <summary>Timer tick: ask the contact for blocks past the verified height.</summary>
    internal sealed record Poll
    {
        public static Poll Instance { get; } = new();
    }

    /// <summary>Timer: the witnesses' verdict on the cross-check of <paramref name="Height"/> did not come in time.</summary>
    internal sealed record CrossCheckOverdue(int Generation, ulong Height);

    /// <summary>Timer tick: connect to the next contact.</summary>
    internal sealed record Reconnect
    {
        public static Reconnect Instance { get; } = new();
    }

    /// <summary>A contact's answer (or null with <paramref name="Failure"/>) to a request made under connection <paramref name="Generation"/>.</summary>
    internal sealed record Answered(int Generation, object? Answer, string? Failure);

    /// <summary>A contact's answer to a balance query for <paramref name="Asker"/>, checked against <paramref name="At"/>.</summary>
    internal sealed record ProofAnswered(int Generation, Akka.Actor.IActorRef Asker, Address Account, BlockHeader At, object? Answer, string? Failure);
}
