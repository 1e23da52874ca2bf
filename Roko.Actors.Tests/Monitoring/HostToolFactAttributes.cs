using Xunit;

namespace Roko.Actors.Tests.Monitoring;

/// <summary>A fact that needs promtool: skipped without it, failed without it under <c>CI=true</c>.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (HostTool.Promtool.Path is null && !HostTool.RunningInCi)
            Skip = HostTool.Promtool.MissingReason + " (set CI=true to make this a failure)";
    }
}

/// <summary>A fact that needs Alertmanager: skipped without it, failed without it under <c>CI=true</c>.</summary>
public sealed class AlertmanagerFactAttribute : FactAttribute
{
    public AlertmanagerFactAttribute()
    {
        if (HostTool.Alertmanager.Path is null && !HostTool.RunningInCi)
            Skip = HostTool.Alertmanager.MissingReason + " (set CI=true to make this a failure)";
    }
}
