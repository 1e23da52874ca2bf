using Roko.Actors.Hardware.Time;

namespace Roko.Actors.Network;

/// <summary>What the guard remembers about one address: its bucket, suspicion, offences and blacklisting.</summary>
internal sealed class AddressStanding(string address, AddressTokenBucket bucket, NanoMoment now)
{
    public string Address { get; } = address;
    public AddressTokenBucket Bucket { get; } = bucket;
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

    public bool IsBlacklistedAt(NanoMoment now) => BlacklistedUntil is { } until && now < until;

    private void Decay(NanoMoment now, TimeSpan halfLife)
    {
        if (now <= _scoreAt) return;
        double halfLives = (double)(now - _scoreAt) / (halfLife.Ticks * (double)(NanoMoment.NanosPerSecond / TimeSpan.TicksPerSecond));
        _score *= Math.Pow(2, -halfLives);
        _scoreAt = now;
    }
}
