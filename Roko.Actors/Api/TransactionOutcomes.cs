using Roko.Actors.Mempool;
using Roko.Actors.Primitives;

namespace Roko.Actors.Api;

/// <summary>Where a transaction stands as this node knows it.</summary>
public enum TransactionPhase
{
    /// <summary>Admitted to the mempool, not yet in a committed block.</summary>
    Pending,
    /// <summary>In a committed (final) block at <see cref="TransactionOutcome.Height"/>.</summary>
    Finalized,
    /// <summary>Refused at admission or dropped later; <see cref="TransactionOutcome.Code"/> and the reason say why.</summary>
    Rejected,
}

public sealed record TransactionOutcome(Hash32 Id, TransactionPhase Phase, ulong? Height = null, AdmissionCode? Code = null, string? Reason = null);

/// <summary>
/// The latest outcome of up to <c>capacity</c> transactions, forgetting the least recently recorded first. A
/// finalized outcome is final: a later rejection (a gossip copy refused as a replay) does not overwrite it.
/// </summary>
public sealed class TransactionOutcomes
{
    private readonly int _capacity;
    private readonly Dictionary<Hash32, LinkedListNode<TransactionOutcome>> _byId = new();
    private readonly LinkedList<TransactionOutcome> _order = new();

    public TransactionOutcomes(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count => _byId.Count;

    public TransactionOutcome? Find(Hash32 id) => _byId.TryGetValue(id, out var node) ? node.Value : null;

    public void Pending(Hash32 id)
    {
        if (Find(id) is { Phase: TransactionPhase.Finalized }) return;
        Record(new TransactionOutcome(id, TransactionPhase.Pending));
    }

    public void Finalized(Hash32 id, ulong height) => Record(new TransactionOutcome(id, TransactionPhase.Finalized, height));

    public void Rejected(Hash32 id, AdmissionCode code, string reason)
    {
        if (Find(id) is { Phase: TransactionPhase.Finalized }) return;
        Record(new TransactionOutcome(id, TransactionPhase.Rejected, Code: code, Reason: reason));
    }

    /// <summary>A drop notice only concerns a transaction this node was tracking as pending.</summary>
    public void Dropped(Hash32 id, AdmissionCode code, string reason)
    {
        if (Find(id) is { Phase: TransactionPhase.Pending }) Rejected(id, code, reason);
    }

    private void Record(TransactionOutcome outcome)
    {
        if (_byId.Remove(outcome.Id, out var existing)) _order.Remove(existing);
        _byId[outcome.Id] = _order.AddLast(outcome);
        while (_byId.Count > _capacity)
        {
            var oldest = _order.First!;
            _order.RemoveFirst();
            _byId.Remove(oldest.Value.Id);
        }
    }
}
