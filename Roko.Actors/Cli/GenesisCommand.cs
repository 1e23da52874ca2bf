using System.CommandLine;
using Akka.Configuration;
using Roko.Actors.Devnet;
using Roko.Actors.Hardware.Time;
using Roko.Actors.Nodes;

namespace Roko.Actors.Cli;

/// <summary><c>roko genesis --validators N --out DIR</c>: keys and a genesis for a new network.</summary>
public static class GenesisCommand
{
    public static Command Create()
    {
        var validators = new Option<int>("--validators") { Description = "Number of genesis validators", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Directory to create the network layout in", Required = true };
        var config = new Option<string?>("--config") { Description = "HOCON file overriding roko.genesis defaults" };
        var command = new Command("genesis", "Create validator keys, funded account keys and genesis.json") { validators, output, config };
        command.Validators.Add(result =>
        {
            if (result.GetValue(validators) < 1) result.AddError("--validators must be at least 1");
        });
        command.SetAction(parse =>
        {
            try
            {
                var settings = GenesisSettings.Create(RokoConfig.Load(parse.GetValue(config)));
                var layout = new DevnetLayout(parse.GetValue(output)!);
                var genesis = layout.Create(parse.GetValue(validators), settings, NanoMoment.FromDateTime(DateTime.UtcNow));
                Console.WriteLine($"chain {genesis.ChainId}, genesis {genesis.Hash}");
                Console.WriteLine($"{genesis.Validators.Length} validator(s), {genesis.Accounts.Length} funded account(s) in {layout.Root}");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is ConfigurationException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"roko genesis: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
