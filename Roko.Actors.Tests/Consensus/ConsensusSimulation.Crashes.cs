using Roko.Actors.Consensus;
using Roko.Actors.Crypto;
using Roko.Actors.Persistence;

namespace Roko.Actors.Tests.Consensus;

/// <summary>
/// Crashes of honest validators before GST, at effect boundaries: around a signing-record write (decided but not
/// persisted, persisted but not sent, sent) and anywhere else. A crash loses everything in the node's memory — the
/// machine, its timers and answers in flight, messages arriving while down — and keeps what is on disk: the committed
/// blocks (the journal) and the signing-record file. The node restarts before GST at the height after its last commit,
/// with the record read back from the file, exactly as a new ConsensusRound starts. The nodes of a schedule share one
/// store (one connection to the file, opened once: opening one per node and restart was a third of a schedule's cost);
/// it holds no record in memory, every load reads the file.
/// </summary>
internal sealed partial class ConsensusSimulation
{
    private const int MaxCrashes = 4;
    private const double CrashAroundSigning = 0.25;
    private const double CrashElsewhere = 0.01;
    private const long MaxDowntime = 500 * Millisecond;

    /// <summary>Where a crash cut a node's effects off.</summary>
    public enum CrashPoint
    {
        DecidedNotPersisted,
        PersistedNotSent,
        Sent,
        Elsewhere,
    }

    private int _crashesLeft;
    private readonly Dictionary<(PublicKey Signer, ConsensusStep Step, ulong Height, uint Round), Signature> _signed = [];

    /// <summary>Crashes by the boundary they cut.</summary>
    public Dictionary<CrashPoint, int> Crashes { get; } = [];

    /// <summary>Every time an honest validator sent two different signed messages for one (height, round, step).</summary>
    public List<string> DoubleSigned { get; } = [];


    /// <summary>The index of the first effect a crash cuts off (effects.Count: after all of them), or -1 for no crash.</summary>
    private int ChooseCrash(Node node, IReadOnlyList<ConsensusEffect> effects)
    {
        if (_crashesLeft == 0 || node.Byzantine || _gstPassed || _now >= Gst) return -1;
        int record = -1;
        for (int i = 0; i < effects.Count && record < 0; i++)
            if (effects[i] is ConsensusEffect.RecordSigning) record = i;
        if (record >= 0 && _random.NextDouble() < CrashAroundSigning)
        {
            // The record is followed by the broadcast it guards (if it guards one).
            var point = (CrashPoint)_random.Next(3);
            return Crashed(point, point switch
            {
                CrashPoint.DecidedNotPersisted => record,
                CrashPoint.PersistedNotSent => record + 1,
                _ => Math.Min(effects.Count, record + 2),
            });
        }
        return _random.NextDouble() < CrashElsewhere ? Crashed(CrashPoint.Elsewhere, _random.Next(effects.Count + 1)) : -1;
    }

    private int Crashed(CrashPoint point, int index)
    {
        _crashesLeft--;
        Crashes[point] = Crashes.GetValueOrDefault(point) + 1;
        return index;
    }

    private void Crash(Node node)
    {
        node.Down = true;
        node.Incarnation++;
        node.Crashes++;
        node.Store = null;
        node.Relayed.Clear();
        node.Log.Add(new LoggedInput(_now, ClockOf(node), null));
        At(Math.Min(_now + _random.NextInt64(0, MaxDowntime + 1), Gst), () => Restart(node));
    }

    private void Restart(Node node)
    {
        node.Down = false;
        node.Store = _records;
        node.Machine = new ConsensusMachine(ChainId, node.Key, Settings, _signatures);
        ulong next = node.Commits.Count == 0 ? 1 : node.Commits.Keys.Max() + 1;
        if (next <= TargetHeight) StartHeight(node, next);
    }

    /// <summary>
    /// Notes what an honest validator sent; a second, different signature for one (height, round, step) is double signing.
    /// True for a freshly signed message, false for one sent again (the same signature for that (height, round, step)).
    /// </summary>
    private bool TrackSigned(Node node, ConsensusStep step, ulong height, uint round, Signature signature)
    {
        var key = (node.Key.PublicKey, step, height, round);
        if (_signed.TryAdd(key, signature)) return true;
        if (_signed[key] == signature) return false;
        DoubleSigned.Add($"node {node.Index} signed two different {step} messages at height {height} round {round}");
        return true;
    }

    private static string Describe(Dictionary<CrashPoint, int> crashes) =>
        crashes.Count == 0 ? "none" : string.Join(", ", crashes.OrderBy(c => c.Key).Select(c => $"{c.Value} {c.Key}"));

    public void Dispose()
    {
        _records?.Dispose();
    }
}
