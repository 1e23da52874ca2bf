using Roko.Actors.Producer;
using Roko.Actors.Crypto;
using Roko.Actors.Hardware.Clocks;
using Roko.Actors.Ledger;
using Roko.Actors.Mempool;
using Roko.Actors.Persistence;

namespace Roko.Actors.Nodes;

/// <summary>What the node's actors are built from: loaded once at start-up.</summary>
public sealed class NodeServices(
    NodeSettings settings, Genesis genesis, SigningKey? validatorKey, IClock clock,
    ChainStoreSettings chainStoreSettings, MempoolSettings mempoolSettings, BlockProducerSettings producerSettings)
{
    private volatile string? _fatal;

    public NodeSettings Settings { get; } = settings;
    public Genesis Genesis { get; } = genesis;
    public SigningKey? ValidatorKey { get; } = validatorKey;
    public IClock Clock { get; } = clock;
    public ChainStoreSettings ChainStoreSettings { get; } = chainStoreSettings;
    public MempoolSettings MempoolSettings { get; } = mempoolSettings;
    public BlockProducerSettings ProducerSettings { get; } = producerSettings;

    /// <summary>Set when the node stopped because it could not go on safely.</summary>
    public string? FatalError => _fatal;
    public void ReportFatal(string reason) => _fatal ??= reason;
}
