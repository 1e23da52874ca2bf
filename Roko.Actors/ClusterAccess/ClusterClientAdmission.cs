using Akka.Actor;
using Roko.Actors.Network;
using Roko.Actors.Network.Overlay;

namespace Roko.Actors.ClusterAccess;

/// <summary>
/// The node guard's rule for the ClusterClient services (tx-submission, header-feed, light-access): every request is
/// admitted through <see cref="GuardPath.ClusterClient"/> first, metered per client host (the host of the client's
/// path that the receptionist's response tunnel is named after, <see cref="SenderSource.OfClusterClient"/>). A request
/// over the client's rate is answered with the service's refusal when its protocol has one, so the client knows it was
/// refused, not lost; the request that gets the client blacklisted is answered too, later ones are dropped unanswered
/// (answering a blacklisted flooder would spend on it what the blacklist saves). The guard counts and logs every refusal.
/// </summary>
public sealed class ClusterClientAdmission(NodeGuard? guard)
{
    /// <summary>
    /// True when the request <paramref name="sender"/> sent may be served. Otherwise it was refused, and
    /// <paramref name="refusal"/> (given why) made the answer told to the sender, when there is one to tell.
    /// </summary>
    public bool Admit(IActorRef sender, Func<string, object>? refusal)
    {
        if (guard is null || SenderSource.OfClusterClient(sender) is not { } source) return true;
        var verdict = guard.Admit(GuardPath.ClusterClient, source);
        if (verdict.IsAllowed) return true;
        if (refusal is not null && Why(verdict) is { } why) sender.Tell(refusal(why));
        return false;
    }

    /// <summary>What a refused client is told, or null when it is told nothing.</summary>
    public static string? Why(GuardVerdict verdict) => verdict switch
    {
        GuardVerdict.RateLimited limited =>
            $"rate-limited: over this client's share of cluster-client requests; retry after {limited.RetryAfter.TotalSeconds:0.###} s",
        GuardVerdict.Blacklisted { JustNow: true } => "blacklisted: this client sent too many refused or invalid requests and is refused for a while",
        _ => null,
    };
}
