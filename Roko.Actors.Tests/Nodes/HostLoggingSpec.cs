using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using Roko.Actors.Nodes;
using Xunit;

namespace Roko.Actors.Tests.Nodes;

/// <summary>
/// Issue 18: a node host's Akka events go through the host's logger (Akka.Hosting's LoggerFactoryLogger into
/// <see cref="StderrLoggerProvider"/>) and come out in the lines <see cref="StderrLogger"/> writes.
/// </summary>
public sealed class HostLoggingSpec
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public void Message_of_an_akka_line_should_be_what_follows_its_source()
    {
        const string line = "[INFO][12/07/2026 03:17:32.995Z][Thread 0012][Cluster (akka://roko)] Cluster Node [a] - Node [a] is JOINING itself";

        Assert.Equal("Cluster Node [a] - Node [a] is JOINING itself", StderrLoggerProvider.MessageOfAkkaLine(line, "Cluster (akka://roko)"));
        Assert.Null(StderrLoggerProvider.MessageOfAkkaLine("Now listening on: http://127.0.0.1:5000", "Cluster (akka://roko)"));
    }

    [Fact]
    public void A_node_config_should_log_through_the_host_unless_it_names_loggers_of_its_own()
    {
        Assert.Equal(["Akka.Hosting.Logging.LoggerFactoryLogger, Akka.Hosting"],
            NodeHost.WithHostLogging(RokoConfig.Defaults).GetStringList("akka.loggers"));
        var own = ConfigurationFactory.ParseString("akka.loggers = [\"Roko.Actors.Tests.MultiNode.TestOutputLogger, Roko.Actors.Tests\"]")
            .WithFallback(RokoConfig.Defaults);
        Assert.Equal(["Roko.Actors.Tests.MultiNode.TestOutputLogger, Roko.Actors.Tests"], NodeHost.WithHostLogging(own).GetStringList("akka.loggers"));
    }

    [Fact]
    public async Task An_actors_log_event_should_reach_the_hosts_logger_as_the_line_stderr_logger_writes()
    {
        var written = new StringWriter();
        using var factory = LoggerFactory.Create(b => b.ClearProviders().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace).AddProvider(new StderrLoggerProvider(written)));
        var config = NodeHost.LoggingThroughHost.WithFallback(ConfigurationFactory.ParseString("akka.loglevel = INFO"));
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config), new LoggerFactorySetup(factory));
        var system = ActorSystem.Create("host-logging", setup);
        try
        {
            var log = Logging.GetLogger(system, "roko-test-source");
            log.Warning("Committed block {0} {1} with {2:F1} s to spare", 7, "ab12", 1.5);

            string expected = "][roko-test-source (akka://host-logging)] Committed block 7 ab12 with 1.5 s to spare";
            var deadline = DateTime.UtcNow + Generous;
            string? line = null;
            while (line is null && DateTime.UtcNow < deadline)
            {
                line = written.ToString().Split(Environment.NewLine).FirstOrDefault(l => l.Contains("roko-test-source", StringComparison.Ordinal));
                if (line is null) await Task.Delay(50);
            }
            Assert.NotNull(line);
            Assert.Matches(@"^\[WARNING\]\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\]\[roko-test-source \(akka://host-logging\)\] ", line);
            Assert.EndsWith(expected, line);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
