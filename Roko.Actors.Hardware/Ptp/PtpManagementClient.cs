using System.Net.Sockets;
using System.Security.Cryptography;

namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// Reads ptp4l's state through its management Unix datagram socket, as <c>pmc -u</c> does: binds its own socket
/// at a unique temporary path (removed on dispose), sends GET requests and waits for the RESPONSE with the same
/// sequence id. Responses to earlier, timed-out requests are discarded. One request at a time per client.
/// </summary>
public sealed class PtpManagementClient : IDisposable
{
    /// <summary>linuxptp messages fit an Ethernet MTU; anything longer than this is not a management response.</summary>
    public const int MaxDatagramSize = 1500;

    private const string ClientSocketPrefix = "roko-pmc-";
    private const int ClientSocketRandomBytes = 8;
    private const ushort PortNumberMask = ushort.MaxValue;

    private readonly Socket _socket;
    private readonly UnixDomainSocketEndPoint _server;
    private readonly SemaphoreSlim _oneRequestAtATime = new(1, 1);
    private readonly byte[] _receiveBuffer = new byte[MaxDatagramSize + 1];
    private ushort _nextSequenceId;
    private bool _disposed;

    public string ServerSocketPath { get; }
    public string ClientSocketPath { get; }
    public TimeSpan Timeout { get; }
    public byte Domain { get; }

    /// <summary>Source port identity of requests: a zero clock identity and the process id, as pmc uses.</summary>
    public PtpPortIdentity Identity { get; }

    public PtpManagementClient(string serverSocketPath, TimeSpan timeout, byte domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverSocketPath);
        if (timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "the management timeout must be positive");
        ServerSocketPath = serverSocketPath;
        Timeout = timeout;
        Domain = domain;
        Identity = new PtpPortIdentity(new PtpClockIdentity(0), (ushort)(Environment.ProcessId & PortNumberMask));
        ClientSocketPath = Path.Combine(Path.GetTempPath(),
            ClientSocketPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(ClientSocketRandomBytes)));
        _server = new UnixDomainSocketEndPoint(serverSocketPath);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            _socket.Bind(new UnixDomainSocketEndPoint(ClientSocketPath));
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new PtpManagementException($"cannot bind the management client socket {ClientSocketPath}: {e.Message}", e);
        }
    }

    public static PtpManagementClient Create(PtpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new PtpManagementClient(settings.ManagementSocketPath, settings.ManagementTimeout, settings.Domain);
    }

    public async Task<TimeStatusNp> GetTimeStatusAsync(CancellationToken cancellationToken = default) =>
        TimeStatusNp.Decode((await GetAsync(PtpManagementId.TimeStatusNp, cancellationToken).ConfigureAwait(false)).Span);

    public async Task<CurrentDataSet> GetCurrentDataSetAsync(CancellationToken cancellationToken = default) =>
        CurrentDataSet.Decode((await GetAsync(PtpManagementId.CurrentDataSet, cancellationToken).ConfigureAwait(false)).Span);

    public async Task<ParentDataSet> GetParentDataSetAsync(CancellationToken cancellationToken = default) =>
        ParentDataSet.Decode((await GetAsync(PtpManagementId.ParentDataSet, cancellationToken).ConfigureAwait(false)).Span);

    public async Task<PortDataSet> GetPortDataSetAsync(CancellationToken cancellationToken = default) =>
        PortDataSet.Decode((await GetAsync(PtpManagementId.PortDataSet, cancellationToken).ConfigureAwait(false)).Span);

    /// <summary>Sends GET <paramref name="id"/> and returns the response's data field.</summary>
    /// <exception cref="TimeoutException">No matching response within <see cref="Timeout"/>.</exception>
    /// <exception cref="PtpManagementErrorException">ptp4l answered with a management error status.</exception>
    /// <exception cref="PtpDecodingException">The response is malformed.</exception>
    /// <exception cref="PtpManagementException">The server socket is missing or refuses datagrams.</exception>
    public async Task<ReadOnlyMemory<byte>> GetAsync(PtpManagementId id, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _oneRequestAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ushort sequenceId = _nextSequenceId++;
            byte[] request = PtpManagementCodec.EncodeGet(id, sequenceId, Domain, Identity);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Timeout);
            try
            {
                await _socket.SendToAsync(request, SocketFlags.None, _server, deadline.Token).ConfigureAwait(false);
                while (true)
                {
                    int received = await _socket.ReceiveAsync(_receiveBuffer, SocketFlags.None, deadline.Token)
                        .ConfigureAwait(false);
                    if (received > MaxDatagramSize)
                        throw new PtpDecodingException("datagram", $"longer than {MaxDatagramSize} bytes");
                    var response = PtpManagementCodec.DecodeResponse(_receiveBuffer.AsSpan(0, received));
                    if (response.SequenceId == sequenceId)
                        return response.DataFor(id);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"no response to GET {id} from ptp4l at {ServerSocketPath} within {Timeout.TotalMilliseconds} ms");
            }
            catch (SocketException e)
            {
                throw new PtpManagementException(
                    $"cannot reach ptp4l's management socket {ServerSocketPath} ({e.SocketErrorCode}): {e.Message}", e);
            }
        }
        finally
        {
            _oneRequestAtATime.Release();
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _socket.Dispose();
        _oneRequestAtATime.Dispose();
        try
        {
            File.Delete(ClientSocketPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The socket file lives in the temp directory; failing to remove it leaks one inode, nothing more.
        }
    }
}
