using Akka.Actor;
using Roko.Actors.Crypto;
using Roko.Actors.Network.Overlay;
using Roko.Actors.Network.Tls;
using Xunit;

namespace Roko.Actors.Tests.Network.Tls;

public sealed class PresentedCertificatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);

    [Fact]
    public void PresentedBy_should_find_an_outbound_connections_certificate_by_host_and_port_whatever_the_adapter_schemes()
    {
        using var ca = DevnetCertificateAuthority.CreateCa("network-ca", Now, Year);
        using var first = DevnetCertificateAuthority.IssueNode(ca, "validator-0", SigningKey.FromSeed("a").PublicKey, Now, Year);
        using var second = DevnetCertificateAuthority.IssueNode(ca, "validator-0", SigningKey.FromSeed("b").PublicKey, Now, Year);
        var presented = new PresentedCertificates();

        presented.Record("ssl.tcp://roko@127.0.0.1:4053", first);
        Assert.Same(first, presented.PresentedBy(Address.Parse("akka.trttl.ssl.tcp://roko@127.0.0.1:4053")));
        Assert.Null(presented.PresentedBy(Address.Parse("akka.ssl.tcp://roko@127.0.0.1:4054")));

        presented.Record("akka.ssl.tcp://roko@127.0.0.1:4053", second);
        Assert.Same(second, presented.PresentedBy(Address.Parse("akka.ssl.tcp://roko@127.0.0.1:4053")));
    }

    [Fact]
    public void Record_should_ignore_an_inbound_clients_socket_address()
    {
        using var ca = DevnetCertificateAuthority.CreateCa("network-ca", Now, Year);
        using var node = DevnetCertificateAuthority.IssueNode(ca, "validator-0", SigningKey.FromSeed("a").PublicKey, Now, Year);
        var presented = new PresentedCertificates();

        presented.Record("[::ffff:127.0.0.1]:51234", node);
        presented.Record("127.0.0.1:51234", node);
        presented.Record("unknown", node);

        Assert.Null(presented.PresentedBy(Address.Parse("akka.ssl.tcp://roko@127.0.0.1:51234")));
    }
}
