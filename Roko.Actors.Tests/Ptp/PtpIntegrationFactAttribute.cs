using Xunit;

namespace Roko.Actors.Tests.Ptp;

/// <summary>
/// A fact that needs root, ptp4l and ip. Without them it is skipped on a developer machine, but under
/// <c>CI=true</c> it runs and fails with the reason, so CI cannot silently lose the test.
/// </summary>
public sealed class PtpIntegrationFactAttribute : FactAttribute
{
    public PtpIntegrationFactAttribute()
    {
        string? missing = PtpIntegrationPrerequisites.Missing();
        if (missing is not null && !PtpIntegrationPrerequisites.RunningInCi)
            Skip = missing + " (set CI=true to make this a failure)";
    }
}
