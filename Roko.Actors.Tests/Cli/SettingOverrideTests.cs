using Akka.Configuration;
using Roko.Actors.Cli;
using Xunit;

namespace Roko.Actors.Tests.Cli;

public class SettingOverrideTests
{
    [Theory]
    [InlineData("roko.node.name=validator-3", "roko.node.name", "validator-3")]
    [InlineData("roko.chain.block-interval=2s", "roko.chain.block-interval", "2s")]
    [InlineData("akka.remote.dot-netty.tcp.hostname=roko-eu-1.roko-eu.roko.svc.cluster.local", "akka.remote.dot-netty.tcp.hostname", "roko-eu-1.roko-eu.roko.svc.cluster.local")]
    [InlineData("roko.x=akka.tcp://roko@10.0.0.1:4053", "roko.x", "akka.tcp://roko@10.0.0.1:4053")]
    [InlineData("roko.x = has spaces # and a hash", "roko.x", "has spaces # and a hash")]
    public void Override_should_set_exactly_the_value_given(string text, string path, string expected)
    {
        Assert.Null(SettingOverride.Check(text));
        Assert.Equal(expected, ConfigurationFactory.ParseString(SettingOverride.ToHocon(text)).GetString(path));
    }

    [Fact]
    public void Override_should_keep_a_list_a_list()
    {
        var config = ConfigurationFactory.ParseString(SettingOverride.ToHocon("akka.cluster.roles=[validator, region-eu]"));
        Assert.Equal(["validator", "region-eu"], config.GetStringList("akka.cluster.roles"));
    }

    [Theory]
    [InlineData("no-equals-sign", "expected PATH=VALUE")]
    [InlineData("=value", "expected PATH=VALUE")]
    [InlineData("a b=1", "is not a HOCON path")]
    [InlineData("roko.{x}=1", "is not a HOCON path")]
    public void Override_should_be_refused_with_the_reason(string text, string reason)
    {
        Assert.Contains(reason, SettingOverride.Check(text));
    }
}
