using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Network;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Xunit;

namespace Roko.Actors.Tests.Persistence;

public sealed class PersistenceSettingsTests
{
    private static readonly NodeSettings Node = new("validator-0", NodeRole.Validator, "na", "/var/lib/roko", "/var/lib/roko/node.key",
        "/var/lib/roko/genesis.json");

    [Fact]
    public void Create_should_read_the_documented_defaults_when_nothing_is_overridden()
    {
        var settings = PersistenceSettings.Create(RokoConfig.Defaults);

        Assert.Equal(PersistenceProvider.Sqlite, settings.Provider);
        Assert.Equal(TimeSpan.FromSeconds(120), settings.RecoveryTimeout);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public void Plugin_overrides_should_give_the_journal_the_configured_recovery_timeout(string provider)
    {
        var settings = PersistenceSettings.Create(RokoConfig.Load(null,
            $"roko.persistence {{ provider = {provider}, postgres.connection-string = \"Host=db\", recovery-timeout = 45s }}"));

        var plugins = ConfigurationFactory.ParseString(settings.PluginOverrides(Node));

        Assert.Equal(TimeSpan.FromSeconds(45), plugins.GetTimeSpan("akka.persistence.journal.sql.recovery-event-timeout"));
    }

    [Theory]
    [InlineData("roko.persistence.recovery-timeout = 0s", "roko.persistence.recovery-timeout")]
    [InlineData("roko.persistence.provider = mongodb", "roko.persistence.provider")]
    [InlineData("roko.persistence.provider = postgresql", "roko.persistence.postgres.connection-string")]
    public void Create_should_name_the_key_when_a_value_is_bad(string hocon, string key)
    {
        var error = Assert.Throws<InvalidSettingException>(() => PersistenceSettings.Create(RokoConfig.Load(null, hocon)));

        Assert.Equal(key, error.Key);
    }
}
