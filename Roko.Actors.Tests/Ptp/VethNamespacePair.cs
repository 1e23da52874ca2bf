using System.Security.Cryptography;

namespace Roko.Actors.Tests.Ptp;

/// <summary>
/// Two network namespaces joined by a veth pair, named uniquely from the process id and a random tag, with
/// IPv4 addresses on a private /24. <see cref="DisposeAsync"/> removes whatever was created, even half-way.
/// </summary>
internal sealed class VethNamespacePair : IAsyncDisposable
{
    private const string Subnet = "10.213.0.";
    private const string PrefixLength = "/24";
    private const int TagBytes = 2;

    private readonly List<string> _createdNamespaces = [];
    private bool _vethCreated;

    public string GrandmasterNamespace { get; }
    public string ClientNamespace { get; }
    public string GrandmasterInterface { get; }
    public string ClientInterface { get; }

    private VethNamespacePair(string tag)
    {
        GrandmasterNamespace = $"roko-ptp-gm-{tag}";
        ClientNamespace = $"roko-ptp-cl-{tag}";
        GrandmasterInterface = $"rkg{tag}";
        ClientInterface = $"rkc{tag}";
    }

    public static async Task<VethNamespacePair> CreateAsync()
    {
        string tag = $"{Environment.ProcessId % 100_000}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TagBytes))}";
        var pair = new VethNamespacePair(tag);
        try
        {
            await pair.BuildAsync();
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync()
    {
        foreach (string ns in new[] { GrandmasterNamespace, ClientNamespace })
        {
            await HostCommand.RunAsync("ip", "netns", "add", ns);
            _createdNamespaces.Add(ns);
        }
        await HostCommand.RunAsync("ip", "link", "add", GrandmasterInterface, "type", "veth", "peer", "name", ClientInterface);
        _vethCreated = true;
        await ConfigureEndAsync(GrandmasterNamespace, GrandmasterInterface, Subnet + "1" + PrefixLength);
        await ConfigureEndAsync(ClientNamespace, ClientInterface, Subnet + "2" + PrefixLength);
    }

    private static async Task ConfigureEndAsync(string ns, string device, string address)
    {
        await HostCommand.RunAsync("ip", "link", "set", device, "netns", ns);
        await HostCommand.RunAsync("ip", "-n", ns, "addr", "add", address, "dev", device);
        await HostCommand.RunAsync("ip", "-n", ns, "link", "set", "lo", "up");
        await HostCommand.RunAsync("ip", "-n", ns, "link", "set", device, "up");
    }

    /// <summary>True when none of the pair's namespaces or interfaces is left on the host.</summary>
    public async Task<bool> IsGoneAsync()
    {
        string namespaces = await HostCommand.RunAsync("ip", "netns", "list");
        var (linkExit, _, _) = await HostCommand.TryRunAsync("ip", "link", "show", GrandmasterInterface);
        return !namespaces.Contains(GrandmasterNamespace) && !namespaces.Contains(ClientNamespace) && linkExit != 0;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (string ns in _createdNamespaces)
            await HostCommand.TryRunAsync("ip", "netns", "del", ns);
        _createdNamespaces.Clear();
        if (_vethCreated)
        {
            // Deleting a namespace destroys the veth end inside it, and with it the peer; this only
            // matters when creation failed before both ends were moved out of the root namespace.
            await HostCommand.TryRunAsync("ip", "link", "del", GrandmasterInterface);
            _vethCreated = false;
        }
    }
}
