using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Network.Tls;

/// <summary>
/// Mutual TLS between nodes, read once from <c>roko.network.tls</c>: whether it is on, the network CA every peer's
/// certificate must chain to, this node's certificate and key, and the validity <c>roko certs</c> gives new
/// certificates (<c>roko.network.tls.certs</c>).
/// </summary>
public sealed record TlsSettings
{
    public const string Path = "roko.network.tls";

    private static readonly TimeSpan MaxValidity = TimeSpan.FromDays(100 * 365);

    public required bool Enabled { get; init; }
    /// <summary>PEM file of the network CA: the only trust anchor for peers' certificates.</summary>
    public required string CaCertificate { get; init; }
    /// <summary>This node's certificate: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>) or a PEM certificate.</summary>
    public required string NodeCertificate { get; init; }
    /// <summary>PEM private key of a PEM <see cref="NodeCertificate"/> (mode 0600); unused for PKCS#12.</summary>
    public required string NodeKey { get; init; }
    /// <summary>Password of a PKCS#12 <see cref="NodeCertificate"/>; may be empty.</summary>
    public required string NodeCertificatePassword { get; init; }
    public required TimeSpan CaValidity { get; init; }
    public required TimeSpan NodeValidity { get; init; }

    public static TlsSettings Create(Config root)
    {
        var s = SettingsReader.Section(root, Path);
        var certs = SettingsReader.Section(root, Path + ".certs");
        var settings = new TlsSettings
        {
            Enabled = s.Bool("enabled"),
            CaCertificate = s.Text("ca-certificate") ?? "",
            NodeCertificate = s.Text("node-certificate") ?? "",
            NodeKey = s.Text("node-key") ?? "",
            NodeCertificatePassword = s.Text("node-certificate-password") ?? "",
            CaValidity = certs.Duration("ca-validity", TimeSpan.FromDays(1), MaxValidity),
            NodeValidity = certs.Duration("node-validity", TimeSpan.FromDays(1), MaxValidity),
        };
        if (!settings.Enabled) return settings;
        if (string.IsNullOrWhiteSpace(settings.CaCertificate))
            throw s.Invalid("ca-certificate", "must name the network CA's PEM file when mutual TLS is enabled");
        if (string.IsNullOrWhiteSpace(settings.NodeCertificate))
            throw s.Invalid("node-certificate", "must name this node's certificate (.pfx or PEM) when mutual TLS is enabled");
        if (!CertificateFiles.IsPkcs12(settings.NodeCertificate) && string.IsNullOrWhiteSpace(settings.NodeKey))
            throw s.Invalid("node-key", $"must name the PEM private key of the PEM certificate {settings.NodeCertificate}");
        return settings;
    }
}
