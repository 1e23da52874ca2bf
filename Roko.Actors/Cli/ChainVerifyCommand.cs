using System.CommandLine;
using Microsoft.Data.Sqlite;
using Roko.Actors.Devnet;
using Roko.Actors.Nodes;
using Roko.Actors.Persistence;
using Roko.Actors.Verification;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko chain verify --data-dir DIR</c>: re-checks every node chain (a chain.db with a genesis.json beside it) at or
/// under DIR, and that chains of the same network agree at every common height. Exit 0 only if all are valid.
/// </summary>
public static class ChainVerifyCommand
{
    private const string DatabaseFileName = "chain.db";

    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Directory holding one or more node data directories", Required = true };
        var verify = new Command("verify", "Re-check every stored chain under a directory") { dataDir };
        verify.SetAction(parse => Run(parse.GetValue(dataDir)!));
        var chain = new Command("chain", "Chain maintenance") { verify };
        return chain;
    }

    public static int Run(string root)
    {
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"roko chain verify: {root} is not a directory");
            return ExitCodes.Failure;
        }
        var databases = Directory.GetFiles(root, DatabaseFileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (databases.Count == 0)
        {
            Console.Error.WriteLine($"roko chain verify: no {DatabaseFileName} found at or under {root}");
            return ExitCodes.Failure;
        }
        var verdicts = new List<(string ChainId, ChainVerdict Verdict)>();
        bool allValid = true;
        foreach (var database in databases)
        {
            string dir = Path.GetDirectoryName(database)!;
            string name = Path.GetRelativePath(Path.GetFullPath(root), dir);
            if (name == ".") name = Path.GetFileName(Path.GetFullPath(dir));
            ChainVerdict verdict;
            string chainId;
            try
            {
                var genesis = GenesisFile.Load(Path.Combine(dir, DevnetLayout.GenesisFileName));
                chainId = genesis.ChainId;
                verdict = ChainVerifier.Verify(name, genesis, ChainJournal.ReadFile(database, genesis.ChainId));
            }
            catch (Exception e) when (e is GenesisFileException or SqliteException or IOException)
            {
                Console.Error.WriteLine($"{name}: cannot be verified: {e.Message}");
                allValid = false;
                continue;
            }
            (verdict.IsValid ? Console.Out : Console.Error).WriteLine(verdict);
            allValid &= verdict.IsValid;
            verdicts.Add((chainId, verdict));
        }
        foreach (var group in verdicts.GroupBy(v => v.ChainId))
        {
            var chains = group.Select(g => g.Verdict).ToList();
            bool agree = true;
            for (int i = 1; i < chains.Count; i++)
            {
                if (ChainVerifier.FirstDivergence(chains[0], chains[i]) is not { } height) continue;
                Console.Error.WriteLine($"FORK: {chains[0].Chain} and {chains[i].Chain} hold different blocks at height {height}");
                agree = false;
                allValid = false;
            }
            if (agree && chains.Count > 1)
                Console.WriteLine($"{group.Key}: all {chains.Count} chains hold the same blocks at every common height " +
                                  $"(1..{chains.Min(c => c.VerifiedHeight)}; longest {chains.Max(c => c.VerifiedHeight)})");
        }
        return allValid ? ExitCodes.Success : ExitCodes.Failure;
    }
}
