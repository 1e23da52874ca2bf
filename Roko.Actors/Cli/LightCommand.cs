using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Roko.Actors.Light;
using Roko.Actors.LightClient;
using Roko.Actors.Nodes;
using static Roko.Actors.Light.LightNodeProtocol;
using Address = Roko.Actors.Primitives.Address;

namespace Roko.Actors.Cli;

/// <summary>
/// <c>roko light --contact ADDRESS… --checkpoint HEIGHT:HASH [--data-dir DIR] [--json] [--duration D] [--config FILE] [--set K=V]…</c>:
/// runs a light node until Ctrl-C (or for the duration), printing its verified height as it advances — with --json one
/// JSON object per line on stdout and a final summary object. <c>roko light balance ACCOUNT …</c> catches up, prints the
/// account's balance proved against the verified state root, and exits.
/// </summary>
public static class LightCommand
{
    public const string DefaultDataDir = "light-data";
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromMinutes(5);

    private sealed record Options(Option<string[]> Contacts, Option<string> Checkpoint, Option<string> DataDir, Option<bool> Json,
        Option<string?> Duration, Option<string?> Config, Option<string[]> Sets);

    public static Command Create()
    {
        var options = new Options(
            new Option<string[]>("--contact") { Description = "A validator's address (repeatable), e.g. akka.tcp://roko@10.0.0.1:4053", Required = true, AllowMultipleArgumentsPerToken = true },
            new Option<string>("--checkpoint") { Description = "Trusted block to start from, HEIGHT:HASH (64 hex digits)", Required = true },
            new Option<string>("--data-dir") { Description = "Where verified headers are kept (light-headers.db); a restart resumes from them", DefaultValueFactory = _ => DefaultDataDir },
            new Option<bool>("--json") { Description = "One JSON object per line on stdout, and a final summary object" },
            new Option<string?>("--duration") { Description = "Run time, e.g. 30s (default: until Ctrl-C)" },
            new Option<string?>("--config") { Description = "A HOCON file over the built-in defaults (roko.light, akka.remote)" },
            new Option<string[]>("--set") { Description = "One HOCON setting (repeatable), e.g. akka.remote.dot-netty.tcp.hostname=10.0.0.9" });
        var command = new Command("light", "Run a light node: verify headers from a checkpoint, follow the chain");
        Add(command, options);
        command.SetAction((parse, cancel) => RunAsync(parse, options, null, cancel));

        var account = new Argument<string>("ACCOUNT") { Description = "The account (roko… address) whose balance to prove" };
        var balance = new Command("balance", "Catch up, then print an account's balance proved against the verified state root") { account };
        Add(balance, options);
        balance.Validators.Add(result =>
        {
            if (result.GetValue(account) is { } text && !Address.TryParse(text, out _, out var error)) result.AddError($"ACCOUNT '{text}': {error}");
        });
        balance.SetAction((parse, cancel) => RunAsync(parse, options, Address.Parse(parse.GetValue(account)!), cancel));
        command.Subcommands.Add(balance);
        return command;
    }

    private static void Add(Command command, Options o)
    {
        foreach (var option in new Option[] { o.Contacts, o.Checkpoint, o.DataDir, o.Json, o.Duration, o.Config, o.Sets }) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            foreach (var contact in result.GetValue(o.Contacts) ?? [])
                if (!LightNodeHost.TryParseContact(contact, out _, out var error)) result.AddError($"--contact {error}");
            if (result.GetValue(o.Checkpoint) is { } text && !Checkpoint.TryParse(text, out _, out var problem))
                result.AddError($"--checkpoint '{text}': {problem}");
            if (result.GetValue(o.Duration) is { } d && !DurationText.TryParse(d, out _, out var durationError)) result.AddError($"--duration '{d}': {durationError}");
            foreach (var set in result.GetValue(o.Sets) ?? [])
                if (SettingOverride.Check(set) is { } setProblem) result.AddError($"--set '{set}': {setProblem}");
        });
    }

    private static async Task<int> RunAsync(ParseResult parse, Options o, Address? balanceOf, CancellationToken cancel)
    {
        var contacts = parse.GetValue(o.Contacts)!.Select(c => LightNodeHost.TryParseContact(c, out var path, out _) ? path : null!).ToList();
        Checkpoint.TryParse(parse.GetValue(o.Checkpoint), out var checkpoint, out _);
        TimeSpan? runFor = parse.GetValue(o.Duration) is { } text && DurationText.TryParse(text, out var d, out _) ? d : null;
        bool json = parse.GetValue(o.Json);
        string name = balanceOf is null ? "roko light" : "roko light balance";
        LightNodeHost host;
        try
        {
            var lines = (parse.GetValue(o.Sets) ?? []).Select(SettingOverride.ToHocon).ToList();
            var file = RokoConfig.Load(parse.GetValue(o.Config), lines.Count == 0 ? null : string.Join("\n", lines));
            var config = LightNodeHost.Configuration(file);
            host = LightNodeHost.Start(new LightNodeOptions(contacts, checkpoint, Path.GetFullPath(parse.GetValue(o.DataDir)!)), config);
        }
        catch (Exception e) when (e is ConfigurationException or IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"{name}: {e.Message}");
            return ExitCodes.Failure;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });
        if (runFor is { } limit) stop.CancelAfter(limit);
        else if (balanceOf is not null) stop.CancelAfter(CatchUpTimeout);
        Console.Error.WriteLine($"{name}: headers in {host.StorePath}; contacts {string.Join(", ", contacts)}");
        var output = Console.Out;
        if (json) Console.SetOut(Console.Error); // stdout carries only the JSON lines (Akka prints its shutdown to Console.Out)
        try
        {
            return await Report(host, output, json, balanceOf, name, stop.Token);
        }
        finally
        {
            await host.DisposeAsync();
            Console.SetOut(output);
        }
    }

    private static async Task<int> Report(LightNodeHost host, TextWriter output, bool json, Address? balanceOf, string name, CancellationToken stop)
    {

        var status = await Follow(host, output, json, balanceOf is not null, stop);
        if (balanceOf is { } account) return await PrintBalance(host, output, account, status, json, name);
        if (json) output.WriteLine(JsonSerializer.Serialize(LightSummary.Of(status), LightJsonContext.Default.LightSummary));
        else Console.Error.WriteLine($"{name}: stopped at verified height {status.Height}, {status.VerifiedThisRun} header(s) verified this run, " +
                                    $"{status.Refusals.Count} refusal(s), {status.WitnessChecks} witness check(s) ({status.WitnessAgreements} agreeing answer(s)), " +
                                    $"{status.Conflicts} conflict(s){(status.Halted is { } h ? $"; HALTED: {h}" : "")}");
        if (status.Halted is not null) return ExitCodes.Refused;
        return status.Height > 0 ? ExitCodes.Success : ExitCodes.Unavailable;
    }

    /// <summary>Prints each advance and each refusal until cancelled (or, with <paramref name="untilFollowing"/>, until caught up).</summary>
    private static async Task<CurrentLightStatus> Follow(LightNodeHost host, TextWriter output, bool json, bool untilFollowing, CancellationToken stop)
    {
        var status = await host.StatusAsync(AskTimeout);
        ulong printed = 0;
        int refusalsSeen = 0;
        while (true)
        {
            status = await host.StatusAsync(AskTimeout);
            foreach (var r in status.Refusals.Skip(refusalsSeen))
            {
                if (json) output.WriteLine(JsonSerializer.Serialize(new LightRefusalLine(r.Contact, r.Refusal.Reason.ToString(), r.Refusal.Detail), LightJsonContext.Default.LightRefusalLine));
                else Console.Error.WriteLine($"light: refused {r.Refusal} from {r.Contact}");
            }
            refusalsSeen = status.Refusals.Count;
            if (status.Height != printed)
            {
                printed = status.Height;
                if (json) output.WriteLine(JsonSerializer.Serialize(new LightHeightLine(status.Height, status.Hash?.ToString() ?? "", status.KnownHead), LightJsonContext.Default.LightHeightLine));
                else Console.Error.WriteLine($"light: verified height {status.Height} (head {status.KnownHead}) {status.Hash?.Short}");
            }
            if (stop.IsCancellationRequested || (untilFollowing && status.Following && status.Height > 0)) return status;
            try
            {
                await Task.Delay(StatusInterval, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async Task<int> PrintBalance(LightNodeHost host, TextWriter output, Address account, CurrentLightStatus status, bool json, string name)
    {
        if (status.Height == 0)
        {
            Console.Error.WriteLine($"{name}: no verified header yet; cannot prove a balance");
            return ExitCodes.Unavailable;
        }
        var answer = await host.Node.Ask<object>(new GetBalance(account), AskTimeout);
        switch (answer)
        {
            case BalanceVerified v:
                if (json) output.WriteLine(JsonSerializer.Serialize(new LightBalanceLine(v.Account.ToString(), v.Balance.ToString(), v.Height, v.StateRoot.ToString()), LightJsonContext.Default.LightBalanceLine));
                else output.WriteLine($"{v.Account} {v.Balance} (proved against state root {v.StateRoot.Short} of verified height {v.Height})");
                return ExitCodes.Success;
            case BalanceRefused r:
                Console.Error.WriteLine($"{name}: {r.Reason}");
                return ExitCodes.Refused;
            default:
                Console.Error.WriteLine($"{name}: unexpected answer {answer.GetType().Name}");
                return ExitCodes.Failure;
        }
    }
}

/// <summary>`roko light --json`: one line per verified-height change.</summary>
public sealed record LightHeightLine(
    [property: JsonPropertyName("height")] ulong Height,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("head")] ulong Head);

/// <summary>`roko light --json`: one line per refused answer.</summary>
public sealed record LightRefusalLine(
    [property: JsonPropertyName("refused_from")] string Contact,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("detail")] string Detail);

/// <summary>`roko light balance --json`: the proved balance.</summary>
public sealed record LightBalanceLine(
    [property: JsonPropertyName("account")] string Account,
    [property: JsonPropertyName("balance")] string Balance,
    [property: JsonPropertyName("height")] ulong Height,
    [property: JsonPropertyName("state_root")] string StateRoot);

/// <summary>`roko light --json`: the final summary object.</summary>
public sealed record LightSummary(
    [property: JsonPropertyName("height")] ulong Height,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("head")] ulong Head,
    [property: JsonPropertyName("following")] bool Following,
    [property: JsonPropertyName("following_after_s")] double? FollowingAfterSeconds,
    [property: JsonPropertyName("verified")] long Verified,
    [property: JsonPropertyName("refusals")] int Refusals,
    [property: JsonPropertyName("witness_checks")] long WitnessChecks,
    [property: JsonPropertyName("witness_agreements")] long WitnessAgreements,
    [property: JsonPropertyName("conflicts")] long Conflicts,
    [property: JsonPropertyName("halted")] string? Halted)
{
    public static LightSummary Of(CurrentLightStatus s) => new(s.Height, s.Hash?.ToString() ?? "", s.KnownHead, s.Following,
        s.FollowingAfter is { } t ? Math.Round(t.TotalSeconds, 2) : null, s.VerifiedThisRun, s.Refusals.Count,
        s.WitnessChecks, s.WitnessAgreements, s.Conflicts, s.Halted);
}

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(LightHeightLine))]
[JsonSerializable(typeof(LightRefusalLine))]
[JsonSerializable(typeof(LightBalanceLine))]
[JsonSerializable(typeof(LightSummary))]
internal sealed partial class LightJsonContext : JsonSerializerContext;
