using System.CommandLine;
using Roko.Actors.Ledger;

namespace Roko.Actors.Cli;

/// <summary><c>roko bench state [--accounts 100000] [--blocks 100] [--changes 1000]</c>: the sparse Merkle state tree.</summary>
public static class BenchStateCommand
{
    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Accounts in the state", DefaultValueFactory = _ => 100_000 };
        var blocks = new Option<int>("--blocks") { Description = "Blocks to apply", DefaultValueFactory = _ => 100 };
        var changes = new Option<int>("--changes") { Description = "Balances changed per block", DefaultValueFactory = _ => 1000 };
        var command = new Command("state", "Measure building and incrementally updating the sparse Merkle state tree, and its proofs")
            { accounts, blocks, changes };
        command.Validators.Add(result =>
        {
            if (result.GetValue(accounts) < 1) result.AddError("--accounts must be at least 1");
            if (result.GetValue(blocks) < 1) result.AddError("--blocks must be at least 1");
            if (result.GetValue(changes) < 1) result.AddError("--changes must be at least 1");
        });
        command.SetAction(parse =>
        {
            var r = StateTreeBench.Run(parse.GetValue(accounts), parse.GetValue(blocks), parse.GetValue(changes));
            Console.WriteLine($"bench state: {r.Accounts} accounts built in {r.BuildSeconds} s; {r.Blocks} blocks of {r.ChangesPerBlock} changes: " +
                              $"{r.UpdatesPerSecond} updates/s, {r.MicrosPerBlock} µs per block root; proofs {r.ProofBytesAverage} bytes on average, " +
                              $"{r.VerifiesPerSecond} verifications/s");
            return ExitCodes.Success;
        });
        return command;
    }
}
