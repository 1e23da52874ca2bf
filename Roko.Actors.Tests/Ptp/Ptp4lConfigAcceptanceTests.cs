using Roko.Actors.Hardware.Ptp;
using Xunit;
using Xunit.Sdk;

namespace Roko.Actors.Tests.Ptp;

/// <summary>
/// Every transport and time-stamping combination is handed to the real ptp4l with an interface that does not
/// exist: ptp4l parses the whole file first, so "failed to create a clock" means the configuration was accepted.
/// </summary>
public sealed class Ptp4lConfigAcceptanceTests : IDisposable
{
    private const string AbsentInterface = "rkabsent0";
    private const string ParseFailure = "failed to parse configuration file";
    private const string PastParsing = "failed to create a clock";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("roko-ptp4l-accept-");

    public void Dispose() => _directory.Delete(recursive: true);

    [PtpIntegrationFact]
    public async Task Ptp4l_should_accept_the_generated_config_when_given_every_transport_and_time_stamping()
    {
        string? missing = PtpIntegrationPrerequisites.Missing();
        if (missing is not null)
            throw new XunitException(missing);

        foreach (string transport in PtpSettings.TransportNames.Keys)
        foreach (string timeStamping in PtpSettings.TimeStampingNames.Keys)
        {
            var settings = PtpSettingsTests.FromHocon($$"""
                roko.ptp {
                  interface = {{AbsentInterface}}, transport = {{transport}}, time-stamping = {{timeStamping}}
                  clock-class = 6, slave-only = on, free-running = on, priority1 = 0, sync-interval = -7
                  uds-path = "{{Path.Combine(_directory.FullName, "ptp4l.sock")}}"
                }
                """);
            string path = Path.Combine(_directory.FullName, $"{transport}-{timeStamping}.cfg");
            await File.WriteAllTextAsync(path, Ptp4lConfig.Render(settings));

            var (_, stdout, stderr) = await HostCommand.TryRunAsync(PtpIntegrationPrerequisites.Ptp4l, "-f", path, "-m");

            string said = stdout + stderr;
            Assert.False(said.Contains(ParseFailure, StringComparison.Ordinal), $"{transport}/{timeStamping}: {said}");
            Assert.True(said.Contains(PastParsing, StringComparison.Ordinal), $"{transport}/{timeStamping}: {said}");
        }
    }
}
