using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Event;
using Roko.Actors.LightClient;
using static Roko.Actors.ClusterAccess.ClusterAccessProtocol;
using static Roko.Actors.Light.LightNodeProtocol;
using static Roko.Actors.Light.LightWitnessesProtocol;

namespace Roko.Actors.Light;

/// <summary>
/// The light node's witnesses (as CometBFT's light-client detector): headers that verified from the primary are trusted
/// only after the witnesses were asked for the newest of them and none holds a different header that also verifies — two
/// such headers are a fork: both are kept in the store, reported to every contact's fork monitor, and the node halts
/// (it cannot know which chain is the real one). On its poll the node also asks the witnesses for a header a few heights
/// above the head the primary claims; one that verifies shows the primary withholds headers, and it is dropped.
/// </summary>
public sealed partial class LightNode
{
    private const string CrossCheckTimer = "cross-check";
    private IActorRef _witnesses = ActorRefs.Nobody;
    private bool _checking;
    private IReadOnlyList<LightBlock>? _pendingTrust;
    private (ulong Height, string Witness)? _suspect;
    private long _witnessChecks;
    private long _witnessAgreements;
    private string? _halted;

    /// <summary>Up to <c>witnesses</c> other contacts, in order after the primary, without the primary's own address.</summary>
    private IReadOnlyList<ActorPath> WitnessPaths()
    {
        var primary = _contacts[_contact];
        return [.. Enumerable.Range(1, _contacts.Count - 1).Select(i => _contacts[(_contact + i) % _contacts.Count])
            .Where(p => p != primary).Distinct().Take(_settings.Witnesses)];
    }

    private bool HasWitnesses => _settings.Witnesses > 0 && _contacts.Any(c => c != _contacts[_contact]);

    /// <summary>A new primary (or a dropped one): checks in flight were about its headers, and are void.</summary>
    private void ForgetWitnessWork()
    {
        _checking = false;
        _pendingTrust = null;
        _suspect = null;
        Timers.Cancel(CrossCheckTimer);
    }

    /// <summary>Starts a cross-check of <paramref name="verified"/>'s newest header and returns true, or false when there are no witnesses.</summary>
    private bool CrossCheckFirst(IReadOnlyList<LightBlock> verified)
    {
        if (!HasWitnesses || _trusted is null) return false;
        _checking = true;
        _pendingTrust = verified;
        _witnesses.Tell(new CrossCheck(_generation, _trusted, verified[^1]));
        // Every witness is asked within request-timeout; should the verdict still not come (the witnesses actor restarted),
        // the headers are judged as if every witness had been silent.
        Timers.StartSingleTimer(CrossCheckTimer, new CrossCheckOverdue(_generation, verified[^1].Height), 2 * _settings.RequestTimeout);
        return true;
    }

    private void OnCrossCheckOverdue(CrossCheckOverdue overdue)
    {
        if (overdue.Generation != _generation || !_checking || _pendingTrust is not { } pending || pending[^1].Height != overdue.Height) return;
        _log.Warning("Light node: no witness verdict on height {0} within {1}; trusting it as if every witness were silent",
            overdue.Height, 2 * _settings.RequestTimeout);
        _checking = false;
        _pendingTrust = null;
        Trust(pending);
        Advance();
    }

    private void OnCrossChecked(CrossChecked checkedBy)
    {
        if (checkedBy.Generation != _generation || _pendingTrust is not { } pending || !_checking) return; // about a primary already dropped
        Timers.Cancel(CrossCheckTimer);
        var outcome = checkedBy.Outcome;
        if (checkedBy.Answered > 0) _witnessChecks++;
        _witnessAgreements += outcome.Agreeing.Count;
        if (outcome.Refusal is { } conflict && outcome.Conflicting is { } other)
        {
            Halt(checkedBy.FromPrimary, other, conflict);
            return;
        }
        _checking = false;
        _pendingTrust = null;
        Trust(pending);
        Advance();
    }

    /// <summary>
    /// Two headers at one height both verify: keep them, tell every contact's validator (its fork monitor judges them
    /// against its own chain), and stop trusting anything until an operator restarts the node.
    /// </summary>
    private void Halt(LightBlock fromPrimary, LightBlock fromWitness, LightRefusal conflict)
    {
        _store.SaveConflict(fromPrimary, fromWitness, Contact, conflict.Detail);
        RecordRefusal(conflict);
        _halted = $"conflicting headers at height {fromPrimary.Height}: {conflict.Detail}";
        _checking = false;
        _pendingTrust = null;
        Timers.Cancel(PollTimer);
        Timers.Cancel(CrossCheckTimer);
        var report = new ReportConflictingBlocks(LightWitnesses.Encode(fromPrimary), LightWitnesses.Encode(fromWitness));
        if (!_client.IsNobody()) _client.Tell(new ClusterClient.Send(LightAccessPath, report, localAffinity: true));
        _witnesses.Tell(new ReportConflict(fromPrimary, fromWitness));
        _log.Error("Light node: FORK — {0}. Both headers are kept in {1} and reported to the contacts; this light node trusts " +
                   "nothing more until it is restarted", _halted, _store.Path);
    }

    /// <summary>On the poll: ask the witnesses for a header above what the primary claims (beyond the tolerance).</summary>
    private void ProbeWitnesses()
    {
        if (!HasWitnesses || _trusted is null || _checking || _suspect is not null) return;
        ulong claimed = Math.Max(_target, _trusted.Height);
        _witnesses.Tell(new ProbeAhead(_generation, _trusted, claimed + (ulong)_settings.WithholdingTolerance + 1));
    }

    /// <summary>A witness proved a header above the primary's claim: ask the primary again; its answer's head is judged.</summary>
    private void OnAheadProven(AheadProven proven)
    {
        if (proven.Generation != _generation || _halted is not null || _trusted is null) return;
        _suspect = (proven.Height, proven.Witness);
        if (!_inFlight) Request(_trusted.Height + 1, _settings.MaxRange);
    }

    /// <summary>The primary answered with <paramref name="head"/> after a witness proved a header above its claim.</summary>
    private LightRefusal? JudgeWithholding(ulong head)
    {
        if (_suspect is not { } suspect) return null;
        _suspect = null;
        return WitnessCrossCheck.Withholding(head, suspect.Height, suspect.Witness, _settings.WithholdingTolerance);
    }
}
