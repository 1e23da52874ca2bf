using System.CommandLine;
using System.Text.Json;
using Akka.Configuration;
using Roko.Actors.Crypto;
using Roko.Actors.Devnet;
using Roko.Actors.Nodes;
using Spectre.Console;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko devnet [--validators N] [--archive N] [--wan|--no-wan] [--duration 30s] [--tx-rate R] [--data-dir DIR] [--json] [--http-port P]</c>:
/// the main job. Defaults come from HOCON roko.devnet (6 validators, 2 per region, 1 archive, WAN on, 200 tx/s, HTTP from
/// port 8642). On a terminal (and without --json) a live view is drawn on stdout and the nodes' logs go to
/// &lt;data-dir&gt;/devnet.log; otherwise progress lines and logs go to stderr. With --json stdout carries only the summary object.
/// </summary>
public static class DevnetCommand
{
    public const string DefaultDataDir = "devnet-data";
    public const string LogFileName = "devnet.log";
    /// <summary>Width the summary table is drawn at when stdout is not a terminal (Spectre would otherwise assume 80).</summary>
    private const int RedirectedWidth = 160;

    public static Command Create()
    {
        var validators = new Option<int?>("--validators") { Description = "Validators in a new network, regions round-robin na, eu, apac (default roko.devnet.validators = 6)" };
        var archive = new Option<int?>("--archive") { Description = "Archive nodes that index the chain into their read model (default roko.devnet.archive = 1)" };
        var light = new Option<int?>("--light") { Description = "Light nodes that verify headers from a checkpoint (default roko.devnet.light = 1)" };
        var duration = new Option<string?>("--duration") { Description = "Run time, e.g. 30s or 5m (default: until Ctrl-C)" };
        var txRate = new Option<double?>("--tx-rate") { Description = "Transfers submitted per second (default roko.devnet.tx-rate = 200)" };
        var dataDir = new Option<string>("--data-dir") { Description = "Network directory; re-running with it continues the chain", DefaultValueFactory = _ => DefaultDataDir };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary object on stdout (no live view)" };
        var wan = new Option<bool?>("--wan") { Description = "Emulate WAN latency between regions: --wan, --wan true|false (default roko.devnet.wan = on)", Arity = ArgumentArity.ZeroOrOne };
        var noWan = new Option<bool>("--no-wan") { Description = "Turn WAN emulation off (same as --wan false)" };
        var httpPort = new Option<int?>("--http-port") { Description = "Node i serves its HTTP API and dashboard on port P+i, validators first (default roko.devnet.http-port = 8642; 0 = free ports)" };
        var sets = new Option<string[]>("--set") { Description = "One HOCON setting for every node (repeatable), e.g. roko.network.compression.enabled=off" };
        var command = new Command("devnet", "Run a local multi-region network with a transaction load, a live view and a summary")
            { validators, archive, light, duration, txRate, dataDir, json, wan, noWan, httpPort, sets };
        command.Validators.Add(result =>
        {
            if (result.GetValue(validators) is { } v && v < 1) result.AddError($"--validators must be at least 1 (got {v})");
            if (result.GetValue(archive) is { } a && a < 0) result.AddError($"--archive must be >= 0 (got {a})");
            if (result.GetValue(light) is { } l && l < 0) result.AddError($"--light must be >= 0 (got {l})");
            if (result.GetValue(txRate) is { } r && (r < 0 || double.IsNaN(r) || double.IsInfinity(r))) result.AddError($"--tx-rate must be a number >= 0 (got {r})");
            if (result.GetValue(noWan) && result.GetResult(wan) is not null) result.AddError("--wan and --no-wan contradict each other; give one");
            int leastNodes = Math.Max(1, result.GetValue(validators) ?? 1) + Math.Max(0, result.GetValue(archive) ?? 0);
            if (result.GetValue(httpPort) is { } port && (port < 0 || (port > 0 && port + leastNodes - 1 > System.Net.IPEndPoint.MaxPort)))
                result.AddError($"--http-port {port}: node ports P..P+N-1 must lie between 1 and {System.Net.IPEndPoint.MaxPort} (or 0 for free ports)");
            if (result.GetValue(duration) is { } text && !DurationText.TryParse(text, out _, out var error)) result.AddError($"--duration '{text}': {error}");
            foreach (var set in result.GetValue(sets) ?? [])
                if (SettingOverride.Check(set) is { } problem) result.AddError($"--set '{set}': {problem}");
        });
        command.SetAction(async (parse, cancel) =>
        {
            TimeSpan? runFor = parse.GetValue(duration) is { } text && DurationText.TryParse(text, out var d, out _) ? d : null;
            bool? wanOn = parse.GetValue(noWan) ? false : parse.GetResult(wan) is null ? null : parse.GetValue(wan) ?? true;
            var overrides = string.Join("\n", (parse.GetValue(sets) ?? []).Select(SettingOverride.ToHocon));
            var options = new DevnetOptions(parse.GetValue(dataDir)!, parse.GetValue(validators), runFor, parse.GetValue(txRate), wanOn,
                parse.GetValue(httpPort), parse.GetValue(archive), parse.GetValue(light), overrides.Length == 0 ? null : overrides);
            bool asJson = parse.GetValue(json);
            bool live = !asJson && !Console.IsOutputRedirected;
            var stdout = Console.Out;
            var stderr = Console.Error;
            if (asJson) Console.SetOut(Console.Error); // keep stdout for the JSON object alone

            // Before any node starts: the first SIGINT/SIGTERM ends the run (summary, exit 0), a second one the process.
            using var stop = new StopSignals("roko devnet", stderr, cancel);
            StreamWriter? log = null;
            try
            {
                DevnetSummary summary;
                if (live)
                {
                    // The live view owns the terminal: node logs and progress lines go to a file in the data dir, and so does
                    // what Akka's fallback logger writes to stdout while the nodes shut down.
                    var terminal = TerminalConsole();
                    Directory.CreateDirectory(options.DataDir);
                    string logPath = Path.GetFullPath(Path.Combine(options.DataDir, LogFileName));
                    log = new StreamWriter(logPath, append: true) { AutoFlush = true };
                    var logWriter = TextWriter.Synchronized(log);
                    Console.SetError(logWriter);
                    Console.SetOut(logWriter);
                    summary = await RunLiveAsync(terminal, options, logPath, stop.Token);
                    Console.SetOut(stdout);
                    Console.SetError(stderr);
                    terminal.Write(DevnetSummaryTable.Render(summary));
                    return ExitCodes.Success;
                }
                else
                    summary = await DevnetRunner.RunAsync(options, Console.Error, stop.Token);

                if (asJson)
                    stdout.WriteLine(JsonSerializer.Serialize(summary, DevnetJsonContext.Default.DevnetSummary));
                else
                    SummaryConsole(stdout).Write(DevnetSummaryTable.Render(summary));
                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (stop.Received)
            {
                // Stopped while the network was still starting: there is no run to summarise, and every node is stopped.
                stderr.WriteLine("roko devnet: stopped before the network was ready; no summary");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is DevnetException or ConfigurationException or GenesisFileException or KeyFileException or Akka.Actor.AskTimeoutException
                                          or InvalidOperationException or TimeoutException or IOException)
            {
                stderr.WriteLine($"roko devnet: {e.Message}");
                return ExitCodes.Failure;
            }
            finally
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
                log?.Dispose();
            }
        });
        return command;
    }

    /// <summary>Runs the devnet inside a Spectre.Console live display on stdout, redrawn with every snapshot.</summary>
    private static async Task<DevnetSummary> RunLiveAsync(IAnsiConsole terminal, DevnetOptions options, string logPath, CancellationToken cancel)
    {
        DevnetSummary? summary = null;
        var starting = new Markup($"[bold]roko devnet[/] starting in {Markup.Escape(Path.GetFullPath(options.DataDir))} · node logs {Markup.Escape(logPath)} …");
        await terminal.Live(starting).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(async context =>
            {
                summary = await DevnetRunner.RunAsync(options, Console.Error, cancel, snapshot =>
                {
                    context.UpdateTarget(DevnetLiveView.Render(snapshot));
                    context.Refresh();
                }, logPath);
            });
        return summary!;
    }

    /// <summary>
    /// The terminal on stdout, bound to the writer stdout has now (before Console.Out is pointed at the log), its
    /// capabilities and size read now.
    /// </summary>
    private static IAnsiConsole TerminalConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        console.Profile.Width = Console.WindowWidth;
        console.Profile.Height = Console.WindowHeight;
        return console;
    }

    /// <summary>Where the summary table goes without the live view (stdout redirected): plain text at a fixed width.</summary>
    private static IAnsiConsole SummaryConsole(TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(stdout) });
        console.Profile.Width = RedirectedWidth;
        return console;
    }
}
