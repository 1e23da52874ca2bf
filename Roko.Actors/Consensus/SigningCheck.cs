namespace Roko.Actors.Consensus;

/// <summary>Why the signing record refuses a signature (docs/consensus.md §Signing record).</summary>
public enum SigningRefusalReason
{
    /// <summary>This validator already signed a different value at the same (height, round, step).</summary>
    ConflictingValue = 1,

    /// <summary>
    /// The (height, round, step) is below the record's: what was signed there may no longer be known, so nothing is
    /// signed there (CometBFT's privval refuses the same "height/round/step regression").
    /// </summary>
    Regression = 2,
}

/// <summary>What the signing record says about a proposal or vote this validator is about to sign.</summary>
public abstract record SigningCheck<TMessage> where TMessage : class
{
    private SigningCheck() { }

    /// <summary>Nothing signed conflicts with it: sign it, record it, then send it.</summary>
    public sealed record Allowed : SigningCheck<TMessage>
    {
        public static Allowed Instance { get; } = new();
    }

    /// <summary>The same message (kind, height, round, value) was signed before: send the stored one, signature and clock included.</summary>
    public sealed record Identical(TMessage Stored) : SigningCheck<TMessage>;

    /// <summary>Signing it would break the record: nothing is signed and nothing is sent.</summary>
    public sealed record Refused(SigningRefusalReason Reason, string Detail) : SigningCheck<TMessage>;
}
