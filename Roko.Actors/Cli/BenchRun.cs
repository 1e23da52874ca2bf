using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Roko.Actors.Cli;

/// <summary>
/// How a measuring bench command runs: its progress goes to stderr, its figures to stdout (one JSON object with
/// <c>--json</c>), and an expected failure is one line naming it, with a failure exit code, not a stack trace.
/// </summary>
internal static class BenchRun
{
    /// <summary>An option counting something the bench does, at least 1 (judged on the option, so the default is not).</summary>
    public static Option<int> CountOption(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError($"{name} must be at least 1");
        });
        return option;
    }

    public static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON object on stdout" };

    /// <param name="bench">The bench's name in <c>roko bench NAME</c>, for the failure line.</param>
    /// <param name="run">The bench, given where its progress goes.</param>
    /// <param name="succeeded">Whether the figures show a complete run (exit code 0) or not (exit code 1).</param>
    public static async Task<int> RunAsync<T>(string bench, bool json, Func<TextWriter, Task<T>> run, JsonTypeInfo<T> jsonType,
        Func<T, string> text, Func<T, bool> succeeded)
    {
        var stdout = Console.Out;
        Console.SetOut(Console.Error);
        try
        {
            var result = await run(Console.Error);
            stdout.WriteLine(json ? JsonSerializer.Serialize(result, jsonType) : text(result));
            return succeeded(result) ? ExitCodes.Success : ExitCodes.Failure;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException or IOException
                                   or HttpRequestException)
        {
            Console.Error.WriteLine($"roko bench {bench}: {e.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            Console.SetOut(stdout);
        }
    }
}
