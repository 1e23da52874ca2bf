using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Roko.Actors.Tests.Monitoring;

/// <summary>
/// A real Alertmanager (Debian's prometheus-alertmanager) on 127.0.0.1 with a temporary configuration and
/// storage directory, clustering off; disposing stops it and removes the directory.
/// </summary>
internal sealed class AlertmanagerProcess : IAsyncDisposable
{
    private const string Configuration = """
        route:
          receiver: discard
          group_wait: 0s
        receivers:
          - name: discard
        """;
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadinessPoll = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly string _directory;

    private AlertmanagerProcess(Process process, string directory, Uri baseUrl)
    {
        _process = process;
        _directory = directory;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<AlertmanagerProcess> StartAsync(HttpClient http)
    {
        string directory = Directory.CreateTempSubdirectory("roko-alertmanager-").FullName;
        string configFile = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(configFile, Configuration);
        int port = FreePort();
        var start = new ProcessStartInfo(HostTool.Alertmanager.Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
                 {
                     $"--config.file={configFile}", $"--storage.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=",
                 })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start alertmanager");
        process.BeginOutputReadLine();
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginErrorReadLine();
        var running = new AlertmanagerProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await running.WaitUntilReadyAsync(http, log);
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitUntilReadyAsync(HttpClient http, IEnumerable<string> log)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartupLimit)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"alertmanager exited with {_process.ExitCode}: {string.Join('\n', log)}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "-/ready"));
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(ReadinessPoll);
        }
        throw new TimeoutException($"alertmanager was not ready within {StartupLimit}: {string.Join('\n', log)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
