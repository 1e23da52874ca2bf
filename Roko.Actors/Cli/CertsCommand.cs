using System.CommandLine;
using System.Security.Cryptography;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Network;
using Roko.Actors.Network.Tls;
using Roko.Actors.Nodes;
using Roko.Actors.Primitives;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko certs ca --out DIR</c>: a devnet CA (<c>ca.crt</c>, <c>ca.key</c> mode 0600).
/// <c>roko certs node --ca DIR --name NAME --node-key KEY --out DIR</c>: a node certificate signed by it naming the
/// node key KEY (a <c>roko keygen</c>/<c>genesis</c> key file, or the public key's 64 hex digits) as the peers check it
/// against the handshake (<c>NAME.crt</c>, <c>NAME.key</c> and <c>NAME.pfx</c>, keys mode 0600). Neither overwrites a file. Default validities come from
/// <c>roko.network.tls.certs</c> in the built-in config; <c>--days</c> overrides them.
/// </summary>
public static class CertsCommand
{
    public const string DefaultCaName = "roko-devnet-ca";

    public static Command Create() => new("certs", "Create a devnet CA and node certificates for mutual TLS between nodes")
    {
        CreateCaCommand(),
        CreateNodeCommand(),
    };

    private static Command CreateCaCommand()
    {
        var output = new Option<string>("--out") { Description = "Directory for ca.crt and ca.key (refuses to overwrite them)", Required = true };
        var name = new Option<string>("--name") { Description = "Common name of the CA", DefaultValueFactory = _ => DefaultCaName };
        var days = DaysOption("CA validity in days (default roko.network.tls.certs.ca-validity)");
        var command = new Command("ca", "Create a devnet certificate authority") { output, name, days };
        command.Validators.Add(result => RequirePositive(result.GetValue(days), result.AddError));
        command.SetAction(parse => Run("ca", () =>
        {
            var validity = Validity(parse.GetValue(days), s => s.CaValidity);
            using var ca = DevnetCertificateAuthority.CreateCa(parse.GetValue(name)!, DateTimeOffset.UtcNow, validity);
            var paths = CertificateFiles.WriteCa(parse.GetValue(output)!, ca);
            Console.WriteLine($"CA {ca.Subject}, valid until {ca.NotAfter:u}");
            Console.WriteLine($"certificate {paths.Certificate}");
            Console.WriteLine($"private key {paths.Key} (mode 0600; keep it off the nodes)");
        }));
        return command;
    }

    private static Command CreateNodeCommand()
    {
        var caDir = new Option<string>("--ca") { Description = "Directory holding ca.crt and ca.key (from `roko certs ca`)", Required = true };
        var name = new Option<string>("--name") { Description = "Node name: the certificate's subject, DNS name and file names", Required = true };
        var nodeKey = new Option<string>("--node-key")
        {
            Description = "The node key the certificate names: the node's key file (only its public key is read) or the public key as 64 hex digits",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "Directory for NAME.crt, NAME.key and NAME.pfx (refuses to overwrite them)", Required = true };
        var password = new Option<string>("--password") { Description = "Password of NAME.pfx (default empty: the file is protected by its mode 0600)", DefaultValueFactory = _ => "" };
        var days = DaysOption("Certificate validity in days (default roko.network.tls.certs.node-validity), capped at the CA's");
        var command = new Command("node", "Issue a node certificate signed by the devnet CA") { caDir, name, nodeKey, output, password, days };
        command.Validators.Add(result =>
        {
            RequirePositive(result.GetValue(days), result.AddError);
            string? nodeName = result.GetValue(name);
            if (nodeName is not null && !NodeNames.IsValid(nodeName)) result.AddError(NodeNames.Rule(nodeName));
        });
        command.SetAction(parse => Run("node", () =>
        {
            string nodeName = parse.GetValue(name)!;
            var validity = Validity(parse.GetValue(days), s => s.NodeValidity);
            var key = NodePublicKey(parse.GetValue(nodeKey)!);
            using var ca = CertificateFiles.LoadCaWithKey(parse.GetValue(caDir)!);
            using var node = DevnetCertificateAuthority.IssueNode(ca, nodeName, key, DateTimeOffset.UtcNow, validity);
            var paths = CertificateFiles.WriteNode(parse.GetValue(output)!, nodeName, node, parse.GetValue(password)!);
            Console.WriteLine($"node {node.Subject}, issued by {ca.Subject}, valid until {node.NotAfter:u}");
            Console.WriteLine($"node key {key} ({CertificateNodeKey.UriOf(key)})");
            Console.WriteLine($"certificate {paths.Certificate}");
            Console.WriteLine($"private key {paths.Key} (mode 0600)");
            Console.WriteLine($"pkcs12      {paths.Pkcs12} (mode 0600)");
            Console.WriteLine("HOCON:");
            Console.WriteLine($"  {TlsSettings.Path} {{ enabled = on, ca-certificate = {RokoConfig.Quote(Path.GetFullPath(CertificateFiles.CaIn(parse.GetValue(caDir)!).Certificate))}, node-certificate = {RokoConfig.Quote(Path.GetFullPath(paths.Pkcs12))} }}");
        }));
        return command;
    }

    /// <summary>The public key of <paramref name="value"/>: 64 hex digits, or else the path of a roko key file.</summary>
    private static PublicKey NodePublicKey(string value) =>
        Hash32.TryParse(value, out var hex) ? new PublicKey(hex) : KeyFile.Load(value).PublicKey;

    private static Option<int?> DaysOption(string description) => new("--days") { Description = description };

    private static void RequirePositive(int? days, Action<string> addError)
    {
        if (days is < 1) addError("--days must be at least 1");
    }

    private static TimeSpan Validity(int? days, Func<TlsSettings, TimeSpan> fromConfig) =>
        days is { } d ? TimeSpan.FromDays(d) : fromConfig(TlsSettings.Create(RokoConfig.Defaults));

    private static int Run(string verb, Action action)
    {
        try
        {
            action();
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is CertificateFileException or KeyFileException or IOException or UnauthorizedAccessException
                                      or CryptographicException or ConfigurationException)
        {
            Console.Error.WriteLine($"roko certs {verb}: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
