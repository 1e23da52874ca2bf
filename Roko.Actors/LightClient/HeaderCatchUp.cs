using Roko.Actors.Hardware.Time;

namespace Roko.Actors.LightClient;

/// <summary>
/// How a light client brings its trusted state up to a height it has learned of, one step per call so the shell can
/// fetch in between. Headers are verified one by one (sequential verification) when the gap is at most
/// <c>sequentialGap</c> — every header is then kept — and by skipping with the 1/3 trust rule (<see cref="Bisection"/>)
/// over a larger gap, which needs only a few headers. Each call answers what was verified and either the height
/// still to fetch, the refusal, or that the target is reached.
/// </summary>
public static class HeaderCatchUp
{
    /// <summary>The outcome of one step.</summary>
    /// <param name="Verified">Blocks verified in this step, lowest first; the last one is the new trusted state.</param>
    /// <param name="Need">Height to fetch (from <see cref="NeedCount"/> consecutive heights) before the next step, or null.</param>
    /// <param name="Refusal">Why a served block was refused (its detail names the height); null otherwise.</param>
    public sealed record Step(IReadOnlyList<LightBlock> Verified, ulong? Need, int NeedCount, LightRefusal? Refusal)
    {
        public bool Done => Need is null && Refusal is null;
    }

    /// <param name="fetched">Blocks served so far for this catch-up, by height.</param>
    public static Step Next(TrustedState trusted, ulong target, IReadOnlyDictionary<ulong, LightBlock> fetched, NanoMoment now,
        LightClientSettings settings, int sequentialGap, int maxRange)
    {
        if (target <= trusted.Height) return new([], null, 0, null);
        return target - trusted.Height <= (ulong)sequentialGap
            ? Sequential(trusted, target, fetched, now, settings, maxRange)
            : Skipping(trusted, target, fetched, now, settings);
    }

    private static Step Sequential(TrustedState trusted, ulong target, IReadOnlyDictionary<ulong, LightBlock> fetched, NanoMoment now,
        LightClientSettings settings, int maxRange)
    {
        var verified = new List<LightBlock>();
        var current = trusted;
        for (ulong h = trusted.Height + 1; h <= target; h++)
        {
            if (!fetched.TryGetValue(h, out var block))
                return new(verified, h, (int)Math.Min((ulong)maxRange, target - h + 1), null);
            if (block.Height != h)
                return new(verified, null, 0, new(LightRefusalReason.NotNewer, $"asked for height {h}, served {block.Height}"));
            if (HeaderVerifier.Verify(current, block, now, settings) is { } refusal) return new(verified, null, 0, refusal);
            verified.Add(block);
            current = new TrustedState(block);
        }
        return new(verified, null, 0, null);
    }

    private static Step Skipping(TrustedState trusted, ulong target, IReadOnlyDictionary<ulong, LightBlock> fetched, NanoMoment now,
        LightClientSettings settings)
    {
        ulong? missing = null;
        var outcome = Bisection.VerifyTo(trusted, target, h =>
        {
            if (fetched.TryGetValue(h, out var block)) return block;
            missing = h;
            return null;
        }, now, settings);
        if (outcome.Refusal is null) return new(outcome.Verified, null, 0, null);
        if (outcome.Refusal.Reason == LightRefusalReason.MissingBlock && missing is { } need)
            return new(outcome.Verified, need, 1, null);
        return new(outcome.Verified, null, 0, outcome.Refusal);
    }
}
