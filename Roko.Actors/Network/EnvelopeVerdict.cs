namespace Roko.Actors.Network;

/// <summary>Why an inbound envelope was refused; each one counts against the sender.</summary>
public enum EnvelopeRejection
{
    /// <summary>Larger than <see cref="EnvelopeSettings.MaxBytes"/>; refused before decoding.</summary>
    Oversize,
    /// <summary>Not a well-formed version-1 envelope (truncated, trailing bytes, unknown priority…).</summary>
    Malformed,
    /// <summary>Signed before the clock's earliest reading minus <see cref="EnvelopeSettings.MaxAge"/>.</summary>
    Stale,
    /// <summary>Signed after the clock's latest reading plus <see cref="EnvelopeSettings.FutureAllowance"/>.</summary>
    FromTheFuture,
    /// <summary>The signature does not verify against the signer's key.</summary>
    BadSignature,
}

/// <summary>What <see cref="EnvelopeValidator"/> decided about one encoded envelope.</summary>
public abstract record EnvelopeVerdict
{
    private EnvelopeVerdict() { }

    public sealed record Accepted(Envelope Envelope) : EnvelopeVerdict;

    public sealed record Rejected(EnvelopeRejection Reason, string Detail) : EnvelopeVerdict
    {
        public override string ToString() => $"{Reason}: {Detail}";
    }
}
