using System.Collections.Immutable;
using Roko.Actors.Crypto;
using Roko.Actors.Primitives;

namespace Roko.Actors.Ledger;

public sealed record Validator(PublicKey Key, Amount Stake, string Region);

/// <summary>The validators of one height, sorted by key; quorum is strictly more than two thirds of total stake.</summary>
public sealed class ValidatorSet
{
    private const string HashDomain = "roko/validator-set/v1";
    private readonly Dictionary<PublicKey, Validator> _byKey;

    public ImmutableArray<Validator> Validators { get; }
    public Amount TotalStake { get; }
    public Hash32 Hash { get; }

    public ValidatorSet(IEnumerable<Validator> validators)
    {
        Validators = [.. validators.OrderBy(v => v.Key)];
        _byKey = new Dictionary<PublicKey, Validator>();
        var total = Amount.Zero;
        var writer = new CanonicalWriter();
        writer.WriteCount(Validators.Length);
        foreach (var v in Validators)
        {
            if (!_byKey.TryAdd(v.Key, v)) throw new ArgumentException($"validator {v.Key} appears twice");
            total += v.Stake;
            writer.WriteHash(v.Key.Bytes).WriteAmount(v.Stake).WriteString(v.Region);
        }
        TotalStake = total;
        Hash = Sha256.HashTagged(HashDomain, writer.WrittenSpan);
    }

    public int Count => Validators.Length;
    public bool Contains(PublicKey key) => _byKey.ContainsKey(key);
    public Validator? Find(PublicKey key) => _byKey.GetValueOrDefault(key);

    /// <summary>True when <paramref name="stake"/> is strictly more than two thirds of the total.</summary>
    public bool IsQuorum(Amount stake) =>
        (System.Numerics.BigInteger)stake.BaseUnits * 3 > (System.Numerics.BigInteger)TotalStake.BaseUnits * 2;
}
