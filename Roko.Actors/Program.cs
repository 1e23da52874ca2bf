using System.CommandLine;
using Roko.Actors.Cli;

var root = new RootCommand("roko: the ROKO temporal blockchain node")
{
    KeygenCommand.Create(),
    GenesisCommand.Create(),
    NodeCommand.Create(),
    DevnetCommand.Create(),
    ChainVerifyCommand.Create(),
    Ptp4lConfigCommand.Create(),
    BenchCommand.Create(),
    CertsCommand.Create(),
    TxCommand.Create(),
    StatusCommand.Create(),
    ConfigCommand.Create(),
    LightCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"roko: {error.Message}");
    Console.Error.WriteLine("Run 'roko --help' for usage.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
