using Akka.Configuration;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Network;
using Roko.Actors.Supervision;

namespace Roko.Actors.Consensus;

/// <summary>
/// Read once from HOCON <c>roko.consensus</c>. Timeouts grow linearly per round: the timeout of step X in round r is
/// <c>timeout-X + r · timeout-X-delta</c>.
/// </summary>
public sealed record ConsensusSettings(
    TimeSpan TimeoutPropose,
    TimeSpan TimeoutProposeDelta,
    TimeSpan TimeoutPrevote,
    TimeSpan TimeoutPrevoteDelta,
    TimeSpan TimeoutPrecommit,
    TimeSpan TimeoutPrecommitDelta,
    TimeSpan Precision,
    TimeSpan MessageDelay,
    TimeSpan InclusionDelay)
{
    public const string Section = "roko.consensus";

    /// <summary>The dispatcher ConsensusRound runs on (hocon/roko.conf): its signing-record writes block on an fsync.</summary>
    public const string SigningDispatcherId = Section + ".signing-dispatcher";

    /// <summary>How many recent decisions a validator keeps to re-send to peers that missed them (roko.consensus.catch-up-heights).</summary>
    public int CatchUpHeights { get; init; } = DefaultCatchUpHeights;
    public const int DefaultCatchUpHeights = 64;

    /// <summary>Least time between the start of one height and the next (roko.chain.block-interval): empty blocks still advance the height at this pace.</summary>
    public TimeSpan BlockInterval { get; init; } = DefaultBlockInterval;
    public static readonly TimeSpan DefaultBlockInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often a round re-sends this node's own proposal and votes until the height is decided (roko.consensus.resend-interval).</summary>
    public TimeSpan ResendInterval { get; init; } = DefaultResendInterval;
    public static readonly TimeSpan DefaultResendInterval = TimeSpan.FromSeconds(1);
    /// <summary>How often the round of a height may fail and be restarted (roko.supervision, the node's one restart policy).</summary>
    public required SupervisionSettings Supervision { get; init; }

    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxSetting = TimeSpan.FromHours(1);
    private const int MaxCatchUpHeights = 100_000;

    public static ConsensusSettings Create(Config config)
    {
        var s = HoconSettings.Section(config, Section);
        return new ConsensusSettings(
            s.Duration("timeout-propose", MinTimeout, MaxSetting),
            s.Duration("timeout-propose-delta", TimeSpan.Zero, MaxSetting),
            s.Duration("timeout-prevote", MinTimeout, MaxSetting),
            s.Duration("timeout-prevote-delta", TimeSpan.Zero, MaxSetting),
            s.Duration("timeout-precommit", MinTimeout, MaxSetting),
            s.Duration("timeout-precommit-delta", TimeSpan.Zero, MaxSetting),
            s.Duration("precision", TimeSpan.Zero, MaxSetting),
            s.Duration("message-delay", TimeSpan.Zero, MaxSetting),
            s.Duration("inclusion-delay", TimeSpan.Zero, MaxSetting))
        {
            ResendInterval = s.Duration("resend-interval", MinTimeout, MaxSetting),
            CatchUpHeights = s.Int("catch-up-heights", 1, MaxCatchUpHeights),
            BlockInterval = HoconSettings.Section(config, "roko.chain").Duration("block-interval", MinTimeout, MaxSetting),
            Supervision = SupervisionSettings.Create(config),
        };
    }

    public TimeSpan ProposeTimeout(uint round) => Grow(TimeoutPropose, TimeoutProposeDelta, round);
    public TimeSpan PrevoteTimeout(uint round) => Grow(TimeoutPrevote, TimeoutPrevoteDelta, round);
    public TimeSpan PrecommitTimeout(uint round) => Grow(TimeoutPrecommit, TimeoutPrecommitDelta, round);

    public ProposalTimeliness Timeliness => new(Nanoseconds.FromTimeSpan(Precision), Nanoseconds.FromTimeSpan(MessageDelay));

    /// <summary><paramref name="baseline"/> + round · <paramref name="delta"/>, saturating at <see cref="TimeSpan.MaxValue"/>.</summary>
    private static TimeSpan Grow(TimeSpan baseline, TimeSpan delta, uint round)
    {
        if (delta.Ticks > 0 && round > (TimeSpan.MaxValue.Ticks - baseline.Ticks) / delta.Ticks) return TimeSpan.MaxValue;
        return TimeSpan.FromTicks(baseline.Ticks + round * delta.Ticks);
    }
}
