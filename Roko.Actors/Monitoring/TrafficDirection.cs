namespace Roko.Actors.Monitoring;

/// <summary>Whether a message or its bytes came in from a peer or went out to one; the <c>direction</c> label.</summary>
public enum TrafficDirection
{
    Inbound,
    Outbound,
}
