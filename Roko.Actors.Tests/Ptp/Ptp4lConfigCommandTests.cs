using System.CommandLine;
using Roko.Actors.Cli;
using Xunit;

namespace Roko.Actors.Tests.Ptp;

public sealed class Ptp4lConfigCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("roko-ptp4l-config-");
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public void Dispose() => _directory.Delete(recursive: true);

    private FileInfo WriteConfig(string hocon)
    {
        var file = new FileInfo(Path.Combine(_directory.FullName, "node.conf"));
        File.WriteAllText(file.FullName, hocon);
        return file;
    }

    [Fact]
    public void Run_should_print_the_config_when_no_out_file_is_given()
    {
        var config = WriteConfig("roko.ptp.interface = veth9");

        int exit = Ptp4lConfigCommand.Run(config, null, _stdout, _stderr);

        Assert.Equal(Ptp4lConfigCommand.ExitOk, exit);
        Assert.Contains("[veth9]\n", _stdout.ToString());
        Assert.Contains("priority1               128\n", _stdout.ToString());
        Assert.Equal("", _stderr.ToString());
    }

    [Fact]
    public void Run_should_write_the_out_file_when_one_is_given()
    {
        var config = WriteConfig("roko.ptp.domain = 5");
        var output = new FileInfo(Path.Combine(_directory.FullName, "ptp4l.conf"));

        int exit = Ptp4lConfigCommand.Run(config, output, _stdout, _stderr);

        Assert.Equal(Ptp4lConfigCommand.ExitOk, exit);
        Assert.Contains("domainNumber            5\n", File.ReadAllText(output.FullName));
        Assert.Equal("", _stdout.ToString());
    }

    [Fact]
    public void Run_should_fail_naming_file_and_key_when_a_value_is_out_of_range()
    {
        var config = WriteConfig("roko.ptp.priority1 = 999");

        int exit = Ptp4lConfigCommand.Run(config, null, _stdout, _stderr);

        Assert.Equal(Ptp4lConfigCommand.ExitFailure, exit);
        Assert.Contains(config.FullName, _stderr.ToString());
        Assert.Contains("roko.ptp.priority1", _stderr.ToString());
        Assert.Equal("", _stdout.ToString());
    }

    [Fact]
    public void Run_should_fail_naming_the_file_when_it_does_not_exist()
    {
        var missing = new FileInfo(Path.Combine(_directory.FullName, "absent.conf"));

        int exit = Ptp4lConfigCommand.Run(missing, null, _stdout, _stderr);

        Assert.Equal(Ptp4lConfigCommand.ExitFailure, exit);
        Assert.Contains(missing.FullName, _stderr.ToString());
    }

    [Fact]
    public void Run_should_fail_naming_the_file_when_the_hocon_does_not_parse()
    {
        var config = WriteConfig("roko.ptp { domain = ");

        int exit = Ptp4lConfigCommand.Run(config, null, _stdout, _stderr);

        Assert.Equal(Ptp4lConfigCommand.ExitFailure, exit);
        Assert.Contains(config.FullName, _stderr.ToString());
    }

    [Fact]
    public void Run_should_fail_naming_the_path_when_the_out_file_cannot_be_written()
    {
        var config = WriteConfig("");
        var output = new FileInfo(Path.Combine(_directory.FullName, "no-such-dir", "ptp4l.conf"));

        int exit = Ptp4lConfigCommand.Run(config, output, _stdout, _stderr);

        Assert.Equal(Ptp4lConfigCommand.ExitFailure, exit);
        Assert.Contains(output.FullName, _stderr.ToString());
    }

    [Fact]
    public void Command_should_return_usage_exit_code_when_config_option_is_missing()
    {
        var root = new RootCommand { Ptp4lConfigCommand.Create() };

        int exit = root.Parse(["ptp4l-config"]).Invoke(new InvocationConfiguration { Error = _stderr, Output = _stdout });

        Assert.Equal(Ptp4lConfigCommand.ExitUsage, exit);
        Assert.Contains("--config", _stderr.ToString());
    }

    [Fact]
    public void Command_should_print_the_config_when_invoked_through_the_parser()
    {
        var config = WriteConfig("roko.ptp.interface = veth7");
        var root = new RootCommand { Ptp4lConfigCommand.Create() };

        int exit = root.Parse(["ptp4l-config", "--config", config.FullName])
            .Invoke(new InvocationConfiguration { Error = _stderr, Output = _stdout });

        Assert.Equal(Ptp4lConfigCommand.ExitOk, exit);
        Assert.Contains("[veth7]", _stdout.ToString());
    }
}
