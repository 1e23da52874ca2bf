using System.CommandLine;
using Roko.Actors.Configuration;
using Roko.Actors.Devnet;
using Roko.Actors.Nodes;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko config reference [--out FILE]</c>: the configuration reference (every setting of hocon/roko.conf with its
/// default and comment) as Markdown, written to <c>--out</c> or printed. docs/configuration.md is this output.
/// <c>roko config show [--config FILE]</c>: the effective <c>roko</c> section after layering FILE over the defaults.
/// <c>roko config devnet-node --validator N</c>: the HOCON a devnet gives validator N on top of its own settings — the
/// settings of hocon/devnet.conf and the validator's simulated clock (a time card for the first of each region, an
/// offset, drifting clock for the rest) — for networks of separate processes such as deploy/local/cluster.sh.
/// Exit codes: 0 done, 1 unreadable input or unwritable output, 2 usage.
/// </summary>
public static class ConfigCommand
{
    public const string Name = "config";

    public static Command Create()
    {
        var outOption = new Option<FileInfo?>("--out") { Description = "Where to write the Markdown (default: standard output)" };
        var reference = new Command("reference", "Print the configuration reference generated from hocon/roko.conf");
        reference.Options.Add(outOption);
        reference.SetAction(parse => WriteReference(parse.GetValue(outOption),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));

        var configOption = new Option<FileInfo?>("--config") { Description = "HOCON file layered over the defaults" };
        var show = new Command("show", "Print the effective roko configuration (a config file over hocon/roko.conf)");
        show.Options.Add(configOption);
        show.SetAction(parse => Show(parse.GetValue(configOption),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));

        var validatorOption = new Option<int>("--validator") { Description = "The validator's index in the devnet (0, 1, ...)", Required = true };
        var devnetNode = new Command("devnet-node", "Print the devnet settings and simulated clock of one devnet validator as HOCON");
        devnetNode.Options.Add(validatorOption);
        devnetNode.Validators.Add(result =>
        {
            if (result.GetValue(validatorOption) < 0) result.AddError("--validator must be >= 0");
        });
        devnetNode.SetAction(parse => DevnetNode(parse.GetValue(validatorOption), parse.InvocationConfiguration.Output));

        return new Command(Name, "Configuration: the generated reference and the effective settings") { reference, show, devnetNode };
    }

    internal static int WriteReference(FileInfo? outFile, TextWriter stdout, TextWriter stderr)
    {
        string markdown = ConfigReference.RenderMarkdown(ConfigReference.Parse(RokoConfig.EmbeddedText("roko.conf")));
        if (outFile is null)
        {
            stdout.Write(markdown);
            return ExitCodes.Success;
        }
        try
        {
            File.WriteAllText(outFile.FullName, markdown);
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{Name} reference: cannot write {outFile.FullName}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    internal static int DevnetNode(int validator, TextWriter stdout)
    {
        stdout.WriteLine("# hocon/devnet.conf");
        stdout.WriteLine(RokoConfig.EmbeddedText("devnet.conf").TrimEnd());
        stdout.WriteLine($"# the simulated clock of validator {validator}");
        var devnet = RokoConfig.Embedded("devnet.conf").WithFallback(RokoConfig.Defaults);
        stdout.WriteLine(DevnetClockPlan.HoconFor(validator, DevnetClockSettings.Create(devnet)));
        return ExitCodes.Success;
    }

    internal static int Show(FileInfo? configFile, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var config = RokoConfig.Load(configFile?.FullName);
            stdout.WriteLine(config.GetConfig(ConfigReference.Root).Root.ToString(1));
            return ExitCodes.Success;
        }
        catch (Akka.Configuration.ConfigurationException e)
        {
            stderr.WriteLine($"{Name} show: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
