namespace Roko.Actors.Mempool;

/// <summary>Pool bounds and the node's validity window, from HOCON <c>roko.mempool</c> and <c>roko.temporal</c>.</summary>
public sealed record MempoolLimits(int MaxTransactions, int MaxPerSender, long WindowPastNanos, long WindowFutureNanos);
