using System.Globalization;
using Roko.Actors.Hardware.Time;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Roko.Actors.Devnet;

/// <summary>
/// Draws the live view of a running devnet (Spectre.Console): the network's height, finality, throughput and forks, one
/// row per node (height, peers, clock uncertainty, API and dashboard addresses) and the active alerts. A pure function of
/// the snapshot, so what it draws is tested without a terminal.
/// </summary>
public static class DevnetLiveView
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IRenderable Render(DevnetSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var title = new Markup($"[bold]roko devnet[/] chain [bold]{Markup.Escape(s.ChainId)}[/] · {Seconds(s.Elapsed)} · " +
                               $"nodes: {Markup.Escape(string.Join(", ", s.Nodes.GroupBy(n => n.Role).Select(g => $"{g.Count()} {g.Key}")))} · " +
                               $"WAN {(s.Wan ? "on" : "off")} · [dim]Ctrl-C stops[/]");
        var figures = new Grid().AddColumn().AddColumn().AddColumn().AddColumn().AddColumn();
        figures.AddRow(
            new Markup($"height [bold]{s.FinalizedHeight}[/] (+{s.FinalizedHeight - Math.Min(s.StartHeight, s.FinalizedHeight)})"),
            new Markup($"finality p50 [bold]{Millis(s.FinalityP50Ms)}[/] p99 [bold]{Millis(s.FinalityP99Ms)}[/]"),
            new Markup($"tx/s [bold]{s.TxPerSecond.ToString("F1", Invariant)}[/] (load {s.TxRateTarget.ToString("0.#", Invariant)}/s)"),
            new Markup($"tx {s.TxSubmitted} submitted, {s.TxFinalized} finalized, {s.TxRejected} rejected, {s.TxPending} pending"),
            new Markup(s.Forks == 0 ? "forks 0" : $"[red bold]forks {s.Forks}[/]"));

        var nodes = new Table().Border(TableBorder.Rounded)
            .AddColumn("node").AddColumn("role").AddColumn("region")
            .AddColumn(new TableColumn("height").RightAligned()).AddColumn(new TableColumn("peers").RightAligned())
            .AddColumn(new TableColumn("clock ±").RightAligned()).AddColumn("API").AddColumn("dashboard");
        foreach (var n in s.Nodes)
            nodes.AddRow(
                Markup.Escape(n.Name), Markup.Escape(n.Role), Markup.Escape(n.Region),
                n.Height?.ToString(Invariant) ?? "[dim]?[/]",
                n.Peers?.ToString(Invariant) ?? "[dim]?[/]",
                n.ClockUncertaintyNanos is { } u ? Uncertainty(u) : "[yellow]unbounded[/]",
                n.Http is { } http ? Markup.Escape(http.ToString()) : "[dim]off[/]",
                n.Http is { } web ? Markup.Escape(new Uri(web, "dashboard").ToString()) : "[dim]off[/]");

        IRenderable alerts;
        if (s.Alerts.Count == 0)
            alerts = new Markup("[green]no active alerts[/]");
        else
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]active alerts[/]")
                .AddColumn("node").AddColumn("alert").AddColumn("severity").AddColumn("state").AddColumn("summary");
            foreach (var a in s.Alerts)
                table.AddRow(Markup.Escape(a.Node), Markup.Escape(a.Rule), Severity(a.Severity), Markup.Escape(a.Phase), Markup.Escape(a.Summary));
            alerts = table;
        }

        var footer = new Markup($"[dim]data {Markup.Escape(s.DataDir)}{(s.LogFile is { } log ? $" · node logs {Markup.Escape(log)}" : "")}[/]");
        return new Rows(title, figures, nodes, alerts, footer);
    }

    /// <summary>Before the first snapshot: what is starting, and where its logs go.</summary>
    public static IRenderable Starting(DevnetPlan plan, string dataDir, string? logFile) =>
        new Markup($"[bold]roko devnet[/] starting {plan.Validators} validator(s) and {plan.Archives} archive(s) in " +
                   $"{Markup.Escape(dataDir)}{(logFile is { } log ? $" · node logs {Markup.Escape(log)}" : "")} …");

    /// <summary>A clock's half-width: ns below 1 µs, then µs, ms, s with one decimal.</summary>
    public static string Uncertainty(long nanos) => nanos switch
    {
        < Nanoseconds.PerMicrosecond => $"{nanos} ns",
        < Nanoseconds.PerMillisecond => Nanoseconds.ToMicroseconds(nanos).ToString("F1", Invariant) + " µs",
        < NanoMoment.NanosPerSecond => Nanoseconds.ToMilliseconds(nanos).ToString("F1", Invariant) + " ms",
        _ => Nanoseconds.ToSeconds(nanos).ToString("F1", Invariant) + " s",
    };

    private static string Millis(double ms) => ms.ToString("F0", Invariant) + " ms";
    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F0", Invariant) + " s";

    private static string Severity(string severity) => severity switch
    {
        "critical" => "[red bold]critical[/]",
        "high" => "[red]high[/]",
        "warning" => "[yellow]warning[/]",
        _ => Markup.Escape(severity),
    };
}
