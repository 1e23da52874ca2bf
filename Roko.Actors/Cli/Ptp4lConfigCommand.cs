using System.CommandLine;
using Roko.Actors.Hardware.Configuration;
using Roko.Actors.Hardware.Ptp;
using Roko.Actors.Nodes;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko ptp4l-config --config FILE [--out FILE]</c>: renders HOCON <c>roko.ptp</c> (missing keys from
/// hocon/roko.conf) as a ptp4l configuration file, written to <c>--out</c> or printed.
/// Exit codes: 0 written, 1 unreadable or invalid configuration or unwritable output, 2 usage.
/// </summary>
public static class Ptp4lConfigCommand
{
    public const string Name = "ptp4l-config";
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    public static Command Create()
    {
        var configOption = new Option<FileInfo?>("--config")
        {
            Description = "HOCON file with a roko.ptp section; keys it leaves out take the defaults of hocon/roko.conf",
        };
        var outOption = new Option<FileInfo?>("--out")
        {
            Description = "Where to write the ptp4l configuration (default: standard output)",
        };
        var command = new Command(Name, "Write a ptp4l configuration file from HOCON roko.ptp");
        command.Options.Add(configOption);
        command.Options.Add(outOption);
        command.SetAction(parseResult => Run(
            parseResult.GetValue(configOption),
            parseResult.GetValue(outOption),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(FileInfo? configFile, FileInfo? outFile, TextWriter stdout, TextWriter stderr)
    {
        if (configFile is null)
        {
            stderr.WriteLine($"{Name}: --config FILE is required");
            return ExitUsage;
        }

        string hocon;
        try
        {
            hocon = File.ReadAllText(configFile.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{Name}: cannot read {configFile.FullName}: {e.Message}");
            return ExitFailure;
        }

        PtpSettings settings;
        try
        {
            settings = PtpSettings.Create(SettingsReader.Section(RokoConfig.Load(null, hocon), PtpSettings.Section));
        }
        catch (InvalidSettingException e)
        {
            stderr.WriteLine($"{Name}: {configFile.FullName}: {e.Message}");
            return ExitFailure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"{Name}: {configFile.FullName}: not valid HOCON: {e.Message}");
            return ExitFailure;
        }

        string rendered = Ptp4lConfig.Render(settings);
        if (outFile is null)
        {
            stdout.Write(rendered);
            return ExitOk;
        }
        try
        {
            File.WriteAllText(outFile.FullName, rendered);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{Name}: cannot write {outFile.FullName}: {e.Message}");
            return ExitFailure;
        }
        return ExitOk;
    }
}
