namespace Roko.Actors.Hardware.Clocks;

/// <summary>What PTP_CLOCK_GETCAPS reports for a PTP hardware clock.</summary>
public sealed record PhcCapabilities(
    int MaxAdjustPpb,
    int ExternalTimestampChannels,
    int PeriodicOutputChannels,
    bool Pps,
    int PinCount,
    bool CrossTimestamping,
    bool AdjustPhase);
