using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Hardware.Time;
using Roko.Actors.LightClient;
using Roko.Actors.Nodes;
using static Roko.Actors.Light.LightNodeProtocol;

namespace Roko.Actors.Light;

/// <summary>What a light node is started with: validators to contact, the checkpoint, and where its headers are kept.</summary>
public sealed record LightNodeOptions(IReadOnlyList<ActorPath> Contacts, Checkpoint Checkpoint, string DataDir);

/// <summary>
/// Runs one light node: its own ActorSystem (hocon/light.conf: Akka.Remote, no cluster) with /user/light
/// (<see cref="LightNode"/>) over a <see cref="LightHeaderStore"/> in the data dir.
/// </summary>
public sealed class LightNodeHost : IAsyncDisposable
{
    public const string SystemName = "roko-light";
    public const string ActorName = "light";
    private const string ReceptionistPath = "/system/receptionist";

    private readonly LightHeaderStore _store;

    private LightNodeHost(ActorSystem system, IActorRef node, LightHeaderStore store, LightNodeSettings settings)
    {
        System = system;
        Node = node;
        _store = store;
        Settings = settings;
    }

    public ActorSystem System { get; }
    public IActorRef Node { get; }
    public LightNodeSettings Settings { get; }
    public string StorePath => _store.Path;

    /// <summary>The light node's HOCON: <paramref name="overrides"/> over hocon/light.conf over the defaults.</summary>
    public static Config Configuration(Config? overrides = null) =>
        (overrides ?? Config.Empty).WithFallback(RokoConfig.Embedded("light.conf")).WithFallback(RokoConfig.Defaults)
            .WithFallback(ClusterToolsConfig.Defaults);

    /// <param name="config">A complete configuration (see <see cref="Configuration"/>).</param>
    /// <param name="now">The clock for verification; default the host clock.</param>
    public static LightNodeHost Start(LightNodeOptions options, Config config, Func<NanoMoment>? now = null)
    {
        var settings = LightNodeSettings.Create(config);
        var store = LightHeaderStore.Open(options.DataDir);
        try
        {
            var system = ActorSystem.Create(SystemName, config);
            var node = system.ActorOf(LightNode.Props(options.Contacts, options.Checkpoint, store, settings,
                now ?? (() => NanoMoment.FromDateTime(DateTime.UtcNow))), ActorName);
            return new LightNodeHost(system, node, store, settings);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public Task<CurrentLightStatus> StatusAsync(TimeSpan timeout) => Node.Ask<CurrentLightStatus>(GetLightStatus.Instance, timeout);

    /// <summary>
    /// A validator's address (<c>akka.tcp://roko@host:port</c>) or its receptionist's full path; on failure
    /// <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryParseContact(string text, out ActorPath path, out string error)
    {
        path = null!;
        error = "";
        string full = text.TrimEnd('/');
        if (!full.Contains("/system/", StringComparison.Ordinal)) full += ReceptionistPath;
        if (!ActorPath.TryParse(full, out var parsed) || parsed is null)
        {
            error = $"'{text}' is not an Akka address such as akka.tcp://roko@127.0.0.1:4053";
            return false;
        }
        if (parsed.Address.Host is null || parsed.Address.Port is null)
        {
            error = $"'{text}' names no host and port (expected akka.tcp://SYSTEM@HOST:PORT)";
            return false;
        }
        path = parsed;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await System.Terminate();
        _store.Dispose();
    }
}
