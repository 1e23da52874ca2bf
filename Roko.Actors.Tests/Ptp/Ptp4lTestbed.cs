using Roko.Actors.Hardware.Ptp;
using Xunit;
using Xunit.Sdk;

namespace Roko.Actors.Tests.Ptp;

/// <summary>
/// A real linuxptp grandmaster and slave-only client, each configured by <see cref="Ptp4lConfig"/>, in two network
/// namespaces joined by a veth pair; software time stamping, both free-running (measure only), so the shared host clock
/// is never steered. Their configs and management sockets live in a temp directory. <see cref="DisposeAsync"/> removes
/// everything it made, also after a half-way failure, and checks the namespaces are gone.
/// </summary>
internal sealed class Ptp4lTestbed : IAsyncDisposable
{
    private string? _directory;
    private VethNamespacePair? _pair;

    private Ptp4lTestbed()
    {
    }

    public Ptp4lProcess? Grandmaster { get; private set; }
    public Ptp4lProcess Client { get; private set; } = null!;
    public PtpSettings GrandmasterSettings { get; private set; } = null!;
    public PtpSettings ClientSettings { get; private set; } = null!;
    public string ClientInterface => _pair!.ClientInterface;

    /// <summary>Starts both; <paramref name="grandmasterRole"/> is HOCON inside roko.ptp (clock class, accuracy).</summary>
    public static async Task<Ptp4lTestbed> StartAsync(string grandmasterRole)
    {
        string? missing = PtpIntegrationPrerequisites.Missing();
        if (missing is not null)
            throw new XunitException(missing + " (CI=true makes a missing prerequisite a failure, not a skip)");
        var testbed = new Ptp4lTestbed();
        try
        {
            testbed._directory = Directory.CreateTempSubdirectory("roko-ptp-it-").FullName;
            testbed._pair = await VethNamespacePair.CreateAsync();
            testbed.GrandmasterSettings = testbed.Settings(testbed._pair.GrandmasterInterface, "gm.sock", grandmasterRole + ", slave-only = off");
            testbed.ClientSettings = testbed.Settings(testbed._pair.ClientInterface, "client.sock", "slave-only = on");
            testbed.Grandmaster = Ptp4lProcess.Start("grandmaster", testbed._pair.GrandmasterNamespace,
                testbed.WriteConfig("gm.cfg", testbed.GrandmasterSettings));
            testbed.Client = Ptp4lProcess.Start("client", testbed._pair.ClientNamespace, testbed.WriteConfig("client.cfg", testbed.ClientSettings));
            return testbed;
        }
        catch
        {
            await testbed.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The roko.ptp HOCON of one end: its interface, software time stamps, measure only, its socket. The management
    /// timeout is generous: ptp4l is another process, and on a loaded CI host one answer once took longer than the 1 s
    /// this used to allow, failing a sampling loop that is about syncs, not about how fast ptp4l answers.
    /// </summary>
    public static string Hocon(string device, string socket, string role) => $$"""
        roko.ptp {
          interface = {{device}}, time-stamping = software, free-running = on, {{role}}
          uds-path = "{{socket}}", management-timeout = 5s
        }
        """;

    /// <summary>Stops the grandmaster (the client loses its master).</summary>
    public async Task StopGrandmasterAsync()
    {
        if (Grandmaster is not null) await Grandmaster.DisposeAsync();
        Grandmaster = null;
    }

    /// <summary>Fails with the ptp4l output when either process has exited.</summary>
    public void FailIfExited()
    {
        foreach (var ptp4l in new[] { Grandmaster, Client })
            if (ptp4l is { HasExited: true })
                throw new XunitException($"{ptp4l.Name} ptp4l exited early:\n{ptp4l.Output}");
    }

    public string Output => $"grandmaster ptp4l:\n{Grandmaster?.Output}\nclient ptp4l:\n{Client?.Output}";

    private PtpSettings Settings(string device, string socketName, string role) =>
        PtpSettingsTests.FromHocon(Hocon(device, Path.Combine(_directory!, socketName), role));

    private string WriteConfig(string name, PtpSettings settings)
    {
        string path = Path.Combine(_directory!, name);
        File.WriteAllText(path, Ptp4lConfig.Render(settings));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Client is not null) await Client.DisposeAsync();
            await StopGrandmasterAsync();
            if (_pair is not null)
            {
                await _pair.DisposeAsync();
                Assert.True(await _pair.IsGoneAsync(), "the test's namespaces or veth pair were left behind");
            }
        }
        finally
        {
            _pair = null;
            if (_directory is not null) Directory.Delete(_directory, recursive: true);
            _directory = null;
        }
    }
}
