using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
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
    public required int CatchUpHeights { get; init; }

    /// <summary>Least time between the start of one height and the next (roko.chain.block-interval): empty blocks still advance the height at this pace.</summary>
    public required TimeSpan BlockInterval { get; init; }

    /// <summary>How often a round re-sends this node's own proposal and votes until the height is decided (roko.consensus.resend-interval).</summary>
    public required TimeSpan ResendInterval { get; init; }

    /// <summary>
    /// Factor the timeliness window's message delay grows by per round (roko.consensus.message-delay-growth): in round r a
    /// proposal may take <c>message-delay · growth^r</c> to arrive, so a network slower than message-delay still decides
    /// in a later round instead of prevoting nil forever (CometBFT's adaptive synchrony parameters, 1.1 per round).
    /// </summary>
    public required double MessageDelayGrowth { get; init; }

    /// <summary>
    /// Most transactions this node puts in a block it proposes (roko.consensus.proposal-max-transactions), below the
    /// chain's max-txs-per-block: the time to assemble, send, decode and validate a proposal grows with it, and a
    /// proposal that cannot reach the validators within the timeliness window fails its round.
    /// </summary>
    public required int ProposalMaxTransactions { get; init; }
    private const double MaxMessageDelayGrowth = 10.0;

    /// <summary>How often the round of a height may fail and be restarted (roko.supervision, the node's one restart policy).</summary>
    public required SupervisionSettings Supervision { get; init; }

    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxSetting = TimeSpan.FromHours(1);
    private const int MaxCatchUpHeights = 100_000;

    public static ConsensusSettings Create(Config config)
    {
        var s = SettingsReader.Section(config, Section);
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
            MessageDelayGrowth = s.Double("message-delay-growth", 1.0, MaxMessageDelayGrowth),
            ProposalMaxTransactions = s.Int("proposal-max-transactions", 1),
            BlockInterval = SettingsReader.Section(config, "roko.chain").Duration("block-interval", MinTimeout, MaxSetting),
            Supervision = SupervisionSettings.Create(config),
        };
    }

    public TimeSpan ProposeTimeout(uint round) => Grow(TimeoutPropose, TimeoutProposeDelta, round);
    public TimeSpan PrevoteTimeout(uint round) => Grow(TimeoutPrevote, TimeoutPrevoteDelta, round);
    public TimeSpan PrecommitTimeout(uint round) => Grow(TimeoutPrecommit, TimeoutPrecommitDelta, round);

    /// <summary>The timeliness window of a proposal first proposed in <paramref name="round"/>: message-delay grown by <see cref="MessageDelayGrowth"/> per round, at most <see cref="MaxSetting"/>.</summary>
    public ProposalTimeliness TimelinessIn(uint round) =>
        new(Nanoseconds.FromTimeSpan(Precision), Nanoseconds.FromTimeSpan(MessageDelayIn(round)));

    public TimeSpan MessageDelayIn(uint round)
    {
        double ticks = MessageDelay.Ticks * Math.Pow(MessageDelayGrowth, round);
        return ticks >= MaxSetting.Ticks ? MaxSetting : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary><paramref name="baseline"/> + round · <paramref name="delta"/>, saturating at <see cref="TimeSpan.MaxValue"/>.</summary>
    private static TimeSpan Grow(TimeSpan baseline, TimeSpan delta, uint round)
    {
        if (delta.Ticks > 0 && round > (TimeSpan.MaxValue.Ticks - baseline.Ticks) / delta.Ticks) return TimeSpan.MaxValue;
        return TimeSpan.FromTicks(baseline.Ticks + round * delta.Ticks);
    }
}
