namespace Roko.Actors.Network;

/// <summary>Send priority of an outbound message; a lower value goes first and is dropped last.</summary>
public enum MessagePriority
{
    /// <summary>Votes, proposals and alerts: urgent, never batched, never dropped.</summary>
    Consensus = 0,
    Block = 1,
    Transaction = 2,
    /// <summary>RTT tables, peer lists and other housekeeping: dropped first.</summary>
    Background = 3,
}
