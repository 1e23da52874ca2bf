using Microsoft.Extensions.Logging;

namespace Roko.Actors.Nodes;

/// <summary>
/// The node host's logging provider (Microsoft.Extensions.Logging): every entry to standard error as a <see cref="LogLine"/>,
/// the same lines <see cref="StderrLogger"/> writes. Akka's events reach it through Akka.Hosting's LoggerFactoryLogger,
/// whose state carries the event's source and timestamp, and whose text is Akka's own line,
/// <c>[LEVEL][time][Thread NNNN][source] message</c>: the message is what follows that prefix, rendered by Akka as
/// StderrLogger's is. (The state's template and positional arguments cannot be used instead: Akka.Hosting 1.5.75
/// renumbers the template, e.g. <c>Cluster Node [{3}] - Node [{0}] …</c>, while its arguments keep their own order.)
/// Any other entry names its category and the time written.
/// </summary>
public sealed class StderrLoggerProvider(TextWriter? writer = null) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CategoryLogger(categoryName, writer);

    public void Dispose()
    {
    }

    private const string ThreadTag = "][Thread ";

    /// <summary>The message of Akka's line <paramref name="text"/> from <paramref name="source"/>, or null when the text is not such a line.</summary>
    internal static string? MessageOfAkkaLine(string text, string source)
    {
        if (!text.StartsWith('[')) return null;
        int thread = text.IndexOf(ThreadTag, StringComparison.Ordinal);
        if (thread < 0) return null;
        string sourceTag = "][" + source + "] ";
        int at = text.IndexOf(sourceTag, thread + ThreadTag.Length, StringComparison.Ordinal);
        return at < 0 ? null : text[(at + sourceTag.Length)..];
    }

    private sealed class CategoryLogger(string category, TextWriter? writer) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            string source = category;
            DateTime at = DateTime.UtcNow;
            bool akkaEvent = false;
            if (state is IEnumerable<KeyValuePair<string, object?>> properties)
            {
                foreach (var (key, value) in properties)
                {
                    if (key == "LogSource" && value is string { Length: > 0 } logSource) (source, akkaEvent) = (logSource, true);
                    else if (key == "Timestamp" && value is DateTimeOffset stamped && stamped != default) at = stamped.UtcDateTime;
                    else if (key == "Timestamp" && value is DateTime time && time != default) at = time;
                }
            }
            string text = formatter(state, exception);
            string message = akkaEvent ? MessageOfAkkaLine(text, source) ?? text : text;
            (writer ?? Console.Error).WriteLine(LogLine.Format(LogLine.LevelOf(logLevel), at, source, message, exception));
        }
    }
}
