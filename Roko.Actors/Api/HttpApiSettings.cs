using System.Net;
using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;

namespace Roko.Actors.Api;

/// <summary>The <c>roko.http</c> block, read once; hocon/roko.conf documents every key with its unit and default.</summary>
public sealed record HttpApiSettings
{
    public const string Path = "roko.http";
    /// <summary>Overrides <c>roko.http.token</c> when set and not empty.</summary>
    public const string TokenEnvironmentVariable = "ROKO_HTTP_TOKEN";
    private const long LargestBody = 64 * 1024 * 1024;

    public required bool Enabled { get; init; }
    public required IPAddress Host { get; init; }
    /// <summary>0 picks a free port.</summary>
    public required int Port { get; init; }
    /// <summary>The bearer token writes need; null when none is configured (those writes are then refused).</summary>
    public required string? Token { get; init; }
    public required bool RequireTokenForTransactions { get; init; }
    public required long MaxRequestBodyBytes { get; init; }
    /// <summary>roko.http.monitoring: requests/s per client address to /health and /metrics (the rest of the API is metered by roko.network.ddos.http).</summary>
    public required int MonitoringRatePerSecond { get; init; }
    public required int MonitoringBurst { get; init; }
    public required TimeSpan AskTimeout { get; init; }
    public required int TrackedTransactions { get; init; }

    /// <summary>Reads <c>roko.http</c>; <paramref name="environment"/> (default: the process environment) supplies <see cref="TokenEnvironmentVariable"/>.</summary>
    public static HttpApiSettings Create(Config root, Func<string, string?>? environment = null)
    {
        var s = SettingsReader.Section(root, Path);
        string hostText = s.Text("host");
        if (!IPAddress.TryParse(hostText, out var host))
            throw s.Invalid("host", $"'{hostText}' is not an IP address (e.g. 127.0.0.1 or ::1)");
        string? token = (environment ?? Environment.GetEnvironmentVariable)(TokenEnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : s.Text("token");
        if (token is { Length: > 0 } && token.Any(char.IsWhiteSpace))
            throw s.Invalid("token", $"must not contain white space (also when given through {TokenEnvironmentVariable})");
        return new HttpApiSettings
        {
            Enabled = s.Bool("enabled"),
            Host = host,
            Port = s.Int("port", 0, IPEndPoint.MaxPort),
            Token = string.IsNullOrEmpty(token) ? null : token,
            RequireTokenForTransactions = s.Bool("require-token-for-transactions"),
            MaxRequestBodyBytes = s.Bytes("max-request-body-bytes", 1024, LargestBody),
            MonitoringRatePerSecond = s.Int("monitoring.rate-per-second", 1),
            MonitoringBurst = s.Int("monitoring.burst", 1),
            AskTimeout = s.Duration("ask-timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10)),
            TrackedTransactions = s.Int("tracked-transactions", 1),
        };
    }
}
