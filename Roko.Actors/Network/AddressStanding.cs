using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network;

/// <summary>What the guard remembers about one source: a bucket per way in it used, suspicion, offences and blacklisting.</summary>
internal sealed class AddressStanding(string address, NanoMoment now) : IDisposable
{
    private readonly Dictionary<GuardPath, AddressTokenBucket> _buckets = new();

    public string Address { get; } = address;
    public LinkedListNode<AddressStanding>? RecencyNode { get; set; }
    public NanoMoment LastActivity { get; set; } = now;
    /// <summary>Times this address has been blacklisted while tracked; drives the backoff.</summary>
    public int Offences { get; set; }
    public NanoMoment? BlacklistedUntil { get; set; }

    private double _score;
    private NanoMoment _scoreAt = now;

    public double ScoreAt(NanoMoment now, TimeSpan halfLife)
    {
        Decay(now, halfLife);
        return _score;
    }

    public double Raise(double weight, NanoMoment now, TimeSpan halfLife)
    {
        Decay(now, halfLife);
        _score += weight;
        return _score;
    }

    public void ClearScore(NanoMoment now)
    {
        _score = 0;
        _scoreAt = now;
    }

    /// <summary>The source's bucket on <paramref name="path"/>, made full the first time it uses that way in.</summary>
    public AddressTokenBucket BucketFor(GuardPath path, DdosGuardSettings settings, NanoMoment now)
    {
        if (!_buckets.TryGetValue(path, out var bucket)) _buckets.Add(path, bucket = new AddressTokenBucket(settings.LimitFor(path), now));
        return bucket;
    }

    public int BucketCount => _buckets.Count;

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values) bucket.Dispose();
        _buckets.Clear();
    }

    public bool IsBlacklistedAt(NanoMoment now) => BlacklistedUntil is { } until && now < until;

    private void Decay(NanoMoment now, TimeSpan halfLife)
    {
        if (now <= _scoreAt) return;
        double halfLives = (double)(now - _scoreAt) / Nanoseconds.FromTimeSpan(halfLife);
        _score *= Math.Pow(2, -halfLives);
        _scoreAt = now;
    }
}
