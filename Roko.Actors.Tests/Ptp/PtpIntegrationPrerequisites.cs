namespace Roko.Actors.Tests.Ptp;

/// <summary>What the linuxptp integration test needs from the host: root, ptp4l and ip.</summary>
internal static class PtpIntegrationPrerequisites
{
    public const string Ptp4l = "ptp4l";
    public const string Ip = "ip";

    /// <summary>Why the test cannot run here, or null when it can.</summary>
    public static string? Missing()
    {
        var missing = new List<string>();
        if (!Environment.IsPrivilegedProcess)
            missing.Add("root (network namespaces and veth pairs need CAP_NET_ADMIN)");
        if (HostCommand.Find(Ptp4l) is null)
            missing.Add("ptp4l (Debian package linuxptp)");
        if (HostCommand.Find(Ip) is null)
            missing.Add("ip (Debian package iproute2)");
        return missing.Count == 0 ? null : "linuxptp integration test needs " + string.Join(", ", missing);
    }

    public static bool RunningInCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
