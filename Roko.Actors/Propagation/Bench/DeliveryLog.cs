namespace Roko.Actors.Propagation.Bench;

/// <summary>
/// Thread-safe record of a benchmark run on one host clock (<see cref="System.Diagnostics.Stopwatch"/> ticks): when
/// each message was originated and where, and when each node's application first saw it. Every node writes only its
/// own column, the runner only the origins; counts are kept with interlocked increments.
/// </summary>
public sealed class DeliveryLog
{
    private const long NotYet = 0;

    private readonly long[] _originTicks;
    private readonly int[] _originNode;
    private readonly long[,] _firstDeliveryTicks;
    private readonly int[,] _deliveryCounts;
    private int _firstDeliveries;
    private int _repeatDeliveries;

    public DeliveryLog(int nodes, int messages)
    {
        Nodes = nodes;
        Messages = messages;
        _originTicks = new long[messages];
        _originNode = new int[messages];
        _firstDeliveryTicks = new long[messages, nodes];
        _deliveryCounts = new int[messages, nodes];
    }

    public int Nodes { get; }
    public int Messages { get; }

    /// <summary>Deliveries of a message to a node's application that were its first there.</summary>
    public int FirstDeliveries => Volatile.Read(ref _firstDeliveries);

    /// <summary>Deliveries of a message to a node's application beyond the first (exactly-once broken if not 0).</summary>
    public int RepeatDeliveries => Volatile.Read(ref _repeatDeliveries);

    public void Originated(int message, int node, long ticks)
    {
        Volatile.Write(ref _originNode[message], node);
        Volatile.Write(ref _originTicks[message], ticks);
    }

    public void Delivered(int node, int message, long ticks)
    {
        if (message < 0 || message >= Messages) return;
        if (Interlocked.Increment(ref _deliveryCounts[message, node]) == 1)
        {
            Volatile.Write(ref _firstDeliveryTicks[message, node], ticks);
            Interlocked.Increment(ref _firstDeliveries);
        }
        else
        {
            Interlocked.Increment(ref _repeatDeliveries);
        }
    }

    public bool WasOriginated(int message) => Volatile.Read(ref _originTicks[message]) != NotYet;
    public int OriginOf(int message) => Volatile.Read(ref _originNode[message]);
    public long OriginTicks(int message) => Volatile.Read(ref _originTicks[message]);

    /// <summary>When <paramref name="node"/> first delivered <paramref name="message"/>, or null if it has not.</summary>
    public long? DeliveryTicks(int message, int node) =>
        Volatile.Read(ref _firstDeliveryTicks[message, node]) is var t && t != NotYet ? t : null;
}
