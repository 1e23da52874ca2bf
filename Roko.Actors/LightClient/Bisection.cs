using Roko.Actors.Hardware.Time;

namespace Roko.Actors.LightClient;

/// <summary>
/// Brings a trusted state up to a target height with as few headers as the trust rule allows: verify the target
/// directly by skipping; when the trusted set vouches for too little of it (<see cref="LightRefusalReason.NotEnoughTrustedStake"/>),
/// verify a header halfway first and try again from there. Adjacent steps are sequential verification.
/// </summary>
public static class Bisection
{
    /// <summary>The outcome: the last trusted state reached, every block verified on the way, and the refusal if it stopped short.</summary>
    public sealed record Outcome(TrustedState Trusted, IReadOnlyList<LightBlock> Verified, LightRefusal? Refusal)
    {
        public bool Reached(ulong height) => Refusal is null && Trusted.Height == height;
    }

    public static Outcome VerifyTo(TrustedState trusted, ulong target, Func<ulong, LightBlock?> fetch, NanoMoment now, LightClientSettings settings)
    {
        var verified = new List<LightBlock>();
        if (target <= trusted.Height)
            return new(trusted, verified, new(LightRefusalReason.NotNewer, $"target {target} is not above the trusted height {trusted.Height}"));
        var current = trusted;
        ulong next = target;
        while (true)
        {
            if (fetch(next) is not { } block)
                return new(current, verified, new(LightRefusalReason.MissingBlock, $"no block served for height {next}"));
            if (block.Height != next)
                return new(current, verified, new(LightRefusalReason.NotNewer, $"asked for height {next}, served {block.Height}"));
            var refusal = HeaderVerifier.Verify(current, block, now, settings);
            if (refusal is null)
            {
                current = new TrustedState(block);
                verified.Add(block);
                if (next == target) return new(current, verified, null);
                next = target;
            }
            else if (refusal.Reason == LightRefusalReason.NotEnoughTrustedStake && next > current.Height + 1)
            {
                next = current.Height + (next - current.Height) / 2;
            }
            else
            {
                return new(current, verified, refusal);
            }
        }
    }
}
