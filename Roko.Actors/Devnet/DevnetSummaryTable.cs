using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Roko.Actors.Devnet;

/// <summary>The end-of-run summary as tables (Spectre.Console): one row per node, then the network's figures. Pure.</summary>
public static class DevnetSummaryTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IRenderable Render(DevnetSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var nodes = new Table().Border(TableBorder.Rounded).Title($"[bold]devnet summary[/] chain {Markup.Escape(s.ChainId)}, " +
                                                                  $"{s.DurationSeconds.ToString("F1", Invariant)} s")
            .AddColumn("node").AddColumn("role").AddColumn("region").AddColumn(new TableColumn("height").RightAligned())
            .AddColumn("head").AddColumn("data dir");
        foreach (var n in s.Nodes)
            nodes.AddRow(Markup.Escape(n.Name), Markup.Escape(n.Role), Markup.Escape(n.Region), n.Height.ToString(Invariant),
                Markup.Escape(n.Head.Length > 16 ? n.Head[..16] : n.Head), Markup.Escape(n.DataDir));

        var figures = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("figure").AddColumn("value");
        figures.AddRow("finalized height", $"{s.FinalizedHeight} (+{s.Blocks} blocks this run, from {s.StartHeight})");
        figures.AddRow("forks", s.Forks == 0 ? "0" : $"[red bold]{s.Forks}[/]");
        figures.AddRow("transactions", $"{s.TxSubmitted} submitted, {s.TxFinalized} finalized, {s.TxRejected} rejected, {s.TxPending} pending");
        figures.AddRow("throughput", $"{s.TxPerSecond.ToString("F1", Invariant)} tx/s finalized");
        figures.AddRow("finality", $"p50 {s.FinalityMsP50.ToString("F0", Invariant)} ms, p99 {s.FinalityMsP99.ToString("F0", Invariant)} ms");
        figures.AddRow("block time p50", $"{s.BlockTimeMsP50.ToString("F0", Invariant)} ms, {s.RoundsPerHeightMean.ToString("F2", Invariant)} rounds per height; longest gap {s.MaxBlockGapMs.ToString("F0", Invariant)} ms");
        if (s.Wire is { } wire)
            figures.AddRow("wire (validators)", $"{wire.Bytes.ToString("N0", Invariant)} bytes in frames ({wire.UncompressedBytes.ToString("N0", Invariant)} uncompressed, " +
                                                $"compression {(wire.Compression ? "on" : "off")}), " +
                                                $"{(wire.BytesPerFinalizedTx is { } per ? per.ToString("F0", Invariant) : "–")} bytes per finalized tx");
        if (s.Refused is { Count: > 0 } refused) figures.AddRow("refused at submission", ByReason(refused));
        if (s.DroppedAfterAcceptance is { Count: > 0 } dropped) figures.AddRow("[red]dropped after acceptance[/]", ByReason(dropped));
        if (s.Refused is null && s.DroppedAfterAcceptance is null && s.Rejections.Count > 0) figures.AddRow("rejections", ByReason(s.Rejections));
        return new Rows(nodes, figures);
    }

    private static string ByReason(IReadOnlyDictionary<string, int> counts) =>
        Markup.Escape(string.Join(", ", counts.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}")));
}
