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

ParseResult parse;
try
{
    parse = root.Parse(args);
}
catch (InvalidOperationException e)
{
    // A command's validator reading an option that failed to parse (e.g. a single-valued option given twice) throws
    // instead of reporting: it is a usage error all the same.
    Console.Error.WriteLine($"roko: {e.Message}");
    Console.Error.WriteLine("Run 'roko --help' for usage.");
    return ExitCodes.Usage;
}
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"roko: {error.Message}");
    Console.Error.WriteLine("Run 'roko --help' for usage.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
