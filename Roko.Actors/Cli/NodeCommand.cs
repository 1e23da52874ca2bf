using Akka.Actor;
using System.CommandLine;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Nodes;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko node --config FILE [--data-dir DIR] [--seed ADDRESS]… [--set PATH=VALUE]…</c>: runs one node until
/// SIGINT/SIGTERM, then shuts down gracefully. <c>--set</c> overrides one HOCON setting (over the config file),
/// which is how per-instance values (a pod's name and address) reach a shared config: Akka's HOCON parser does not
/// substitute environment variables. <c>--seed</c> joins static seeds even where the config bootstraps the cluster.
/// </summary>
public static class NodeCommand
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "The node's HOCON file (over the built-in roko.conf defaults)", Required = true };
        var dataDir = new Option<string?>("--data-dir") { Description = "Overrides roko.node.data-dir" };
        var seeds = new Option<string[]>("--seed") { Description = "A seed node address (repeatable), e.g. akka.tcp://roko@10.0.0.1:4053; overrides akka.cluster.seed-nodes and sets roko.cluster.formation = seed-nodes", AllowMultipleArgumentsPerToken = true };
        var sets = new Option<string[]>("--set") { Description = "One HOCON setting over the config file (repeatable), e.g. roko.node.name=validator-3" };
        var command = new Command("node", "Run a node until SIGINT or SIGTERM") { config, dataDir, seeds, sets };
        command.Validators.Add(result =>
        {
            foreach (var set in result.GetValue(sets) ?? [])
                if (SettingOverride.Check(set) is { } problem) result.AddError($"--set '{set}': {problem}");
            foreach (var seed in result.GetValue(seeds) ?? [])
                if (!Akka.Actor.Address.TryParse(seed, out _)) result.AddError($"--seed '{seed}' is not an actor system address such as akka.tcp://roko@10.0.0.1:4053");
        });
        command.SetAction(async (parse, cancel) =>
        {
            // Before the node starts: the first SIGINT/SIGTERM stops it gracefully (exit 0), a second one the process.
            using var stop = new StopSignals("roko node", Console.Error, cancel);
            string? dir = parse.GetValue(dataDir);
            RokoNode node;
            try
            {
                var lines = (parse.GetValue(sets) ?? []).Select(SettingOverride.ToHocon).ToList();
                if (dir is not null) lines.Add($"roko.node.data-dir = {RokoConfig.Quote(Path.GetFullPath(dir))}");
                if (parse.GetValue(seeds) is { Length: > 0 } given)
                {
                    lines.Add($"akka.cluster.seed-nodes = [{string.Join(", ", given.Select(RokoConfig.Quote))}]");
                    lines.Add($"{ClusterFormationSettings.Path}.formation = seed-nodes");
                }
                var overrides = lines.Count == 0 ? null : string.Join("\n", lines);
                node = RokoNode.Start(RokoConfig.LoadOwn(parse.GetValue(config), overrides));
            }
            catch (Exception e) when (e is ConfigurationException or GenesisFileException or KeyFileException or IOException
                                       or TimeCardMissingException)
            {
                Console.Error.WriteLine($"roko node: {e.Message}");
                return ExitCodes.Failure;
            }

            if (ClusterFormation.Of(node.System) is not { Settings.JoinsByItself: true })
            {
                Console.Error.WriteLine($"roko node: no akka.cluster.seed-nodes configured; forming a new cluster at {node.Address}");
                node.JoinSelf();
            }
            var stopping = new System.Diagnostics.Stopwatch();
            using var onStop = stop.Token.Register(() =>
            {
                stopping.Start();
                _ = node.StopAsync();
            });
            try
            {
                var status = await node.WaitUntilReadyAsync(StartTimeout, stop.Token);
                Console.Error.WriteLine($"roko node: {node.Settings.Name} ready at height {status.Tip!.Height}, data in {node.Settings.DataDir}");
                if (node.HttpAddress is { } http) Console.Error.WriteLine($"roko node: HTTP API at {http} (dashboard: {http}dashboard)");
            }
            catch (OperationCanceledException) when (stop.Received)
            {
                // Stopped while starting: the registration above is already stopping the node.
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                Console.Error.WriteLine($"roko node: {e.Message}");
                await node.DisposeAsync();
                return ExitCodes.Failure;
            }
            await node.System.WhenTerminated;
            var reason = CoordinatedShutdown.Get(node.System).ShutdownReason;
            await node.DisposeAsync();
            if (stop.Received) Console.Error.WriteLine($"roko node: {node.Settings.Name} stopped in {stopping.Elapsed.TotalSeconds:F1} s");
            var (code, message) = NodeExit.Of(reason, stop.Received, node.Services.FatalError);
            if (message is not null) Console.Error.WriteLine($"roko node: {node.Settings.Name} {message}");
            return code;
        });
        return command;
    }
}
