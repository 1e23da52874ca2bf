namespace Roko.Actors.Monitoring;

/// <summary>
/// What the node does by itself when an alert fires (and undoes when it resolves). The alerting actor only
/// publishes a request on the event stream; the actor that owns the behaviour acts on it. HOCON text:
/// <c>none</c>, <c>stop-proposing</c>, <c>request-more-peers</c>, <c>name-missing-validators</c>.
/// </summary>
public enum AutomatedResponse
{
    None,
    /// <summary>Stop proposing and attesting until the alert resolves (time can no longer be vouched for).</summary>
    StopProposing,
    /// <summary>Ask the peer manager to dial more peers.</summary>
    RequestMorePeers,
    /// <summary>Name the validators whose votes are missing, so operators know whom to call.</summary>
    NameMissingValidators,
}

public static class AutomatedResponseText
{
    public static string ToText(this AutomatedResponse response) => response switch
    {
        AutomatedResponse.None => "none",
        AutomatedResponse.StopProposing => "stop-proposing",
        AutomatedResponse.RequestMorePeers => "request-more-peers",
        AutomatedResponse.NameMissingValidators => "name-missing-validators",
        _ => throw new ArgumentOutOfRangeException(nameof(response), response, "not a known response"),
    };

    public static bool TryParse(string text, out AutomatedResponse response)
    {
        foreach (var candidate in Enum.GetValues<AutomatedResponse>())
        {
            if (string.Equals(candidate.ToText(), text, StringComparison.OrdinalIgnoreCase))
            {
                response = candidate;
                return true;
            }
        }
        response = default;
        return false;
    }
}
