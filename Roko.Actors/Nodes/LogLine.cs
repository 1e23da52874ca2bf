using AkkaLevel = Akka.Event.LogLevel;
using HostLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Roko.Actors.Nodes;

/// <summary>
/// The one format of a node's log line on standard error, whichever logger writes it:
/// <c>[LEVEL][yyyy-MM-ddTHH:mm:ss.fffZ][source] message</c>, the cause (if any) on the lines after. Operators and the
/// tests read these lines; standard output carries only a command's result.
/// </summary>
public static class LogLine
{
    public static string Format(string level, DateTime at, string source, string message, Exception? cause)
    {
        string line = $"[{level}][{at.ToUniversalTime():yyyy-MM-ddTHH:mm:ss.fffZ}][{source}] {message}";
        return cause is null ? line : line + Environment.NewLine + cause;
    }

    public static string LevelOf(AkkaLevel level) => level switch
    {
        AkkaLevel.DebugLevel => "DEBUG",
        AkkaLevel.InfoLevel => "INFO",
        AkkaLevel.WarningLevel => "WARNING",
        _ => "ERROR",
    };

    public static string LevelOf(HostLevel level) => level switch
    {
        HostLevel.Trace or HostLevel.Debug => "DEBUG",
        HostLevel.Information => "INFO",
        HostLevel.Warning => "WARNING",
        _ => "ERROR",
    };
}
