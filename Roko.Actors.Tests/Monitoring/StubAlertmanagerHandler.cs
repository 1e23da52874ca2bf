using System.Collections.Concurrent;
using System.Net;

namespace Roko.Actors.Tests.Monitoring;

/// <summary>Answers POSTs in place of Alertmanager: fails the first <paramref name="failures"/>, then accepts, keeping every body.</summary>
internal sealed class StubAlertmanagerHandler(int failures = 0) : HttpMessageHandler
{
    private int _remainingFailures = failures;

    public ConcurrentQueue<string> Accepted { get; } = new();
    public int Attempts => _attempts;
    private int _attempts;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        string body = await request.Content!.ReadAsStringAsync(cancellationToken);
        if (Interlocked.Decrement(ref _remainingFailures) >= 0)
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("try later") };
        Accepted.Enqueue(request.RequestUri + " " + body);
        return new HttpResponseMessage(HttpStatusCode.OK);
    }
}
