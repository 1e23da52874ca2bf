using System.Buffers.Binary;
using System.Net.Sockets;
using Roko.Actors.Hardware.Ptp;
using Xunit;
using static Roko.Actors.Tests.Ptp.ManagementResponseBuilder;

namespace Roko.Actors.Tests.Ptp;

/// <summary>The client against a stand-in for ptp4l: a Unix datagram socket that answers the way the test says.</summary>
public sealed class PtpManagementClientTests : IDisposable
{
    private const int SequenceIdOffset = 30;
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(300);

    private readonly string _serverPath = Path.Combine(Path.GetTempPath(), $"roko-fake-ptp4l-{Guid.NewGuid():N}");
    private readonly Socket _server = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public PtpManagementClientTests() => _server.Bind(new UnixDomainSocketEndPoint(_serverPath));

    public void Dispose()
    {
        _server.Dispose();
        File.Delete(_serverPath);
    }

    /// <summary>Receives one request and answers with what <paramref name="answer"/> builds from its sequence id.</summary>
    private async Task<byte[]> AnswerOnceAsync(Func<ushort, IEnumerable<byte[]>> answer)
    {
        var buffer = new byte[PtpManagementClient.MaxDatagramSize];
        var from = new UnixDomainSocketEndPoint("/");
        var received = await _server.ReceiveFromAsync(buffer, SocketFlags.None, from);
        byte[] request = buffer[..received.ReceivedBytes];
        ushort sequenceId = BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(SequenceIdOffset));
        foreach (byte[] datagram in answer(sequenceId))
            await _server.SendToAsync(datagram, SocketFlags.None, received.RemoteEndPoint);
        return request;
    }

    [Fact]
    public async Task GetTimeStatus_should_return_the_decoded_data_set_when_the_server_answers()
    {
        using var client = new PtpManagementClient(_serverPath, TimeSpan.FromSeconds(5), domain: 3);
        var serving = AnswerOnceAsync(seq =>
            [Data(PtpManagementId.TimeStatusNp, TimeStatusData(-42, 99, true, 0x1122)).WithSequenceId(seq).Build()]);

        var status = await client.GetTimeStatusAsync();

        byte[] request = await serving;
        Assert.Equal(PtpManagementCodec.EncodeGet(PtpManagementId.TimeStatusNp, 0, 3, client.Identity), request);
        Assert.Equal(-42, status.MasterOffsetNanoseconds);
        Assert.True(status.GrandmasterPresent);
    }

    [Fact]
    public async Task Get_should_skip_stale_responses_when_their_sequence_id_differs()
    {
        using var client = new PtpManagementClient(_serverPath, TimeSpan.FromSeconds(5), domain: 0);
        var serving = AnswerOnceAsync(seq =>
        [
            Data(PtpManagementId.CurrentDataSet, CurrentData(9, 0, 0)).WithSequenceId((ushort)(seq - 1)).Build(),
            Data(PtpManagementId.CurrentDataSet, CurrentData(1, 65536, 0)).WithSequenceId(seq).Build(),
        ]);

        var current = await client.GetCurrentDataSetAsync();

        await serving;
        Assert.Equal(new CurrentDataSet(1, 1.0, 0), current);
    }

    [Fact]
    public async Task Get_should_throw_the_management_error_when_the_server_refuses()
    {
        using var client = new PtpManagementClient(_serverPath, TimeSpan.FromSeconds(5), domain: 0);
        var serving = AnswerOnceAsync(seq =>
            [ErrorStatus(PtpManagementErrorId.NoSuchId, PtpManagementId.ParentDataSet).WithSequenceId(seq).Build()]);

        var error = await Assert.ThrowsAsync<PtpManagementErrorException>(() => client.GetParentDataSetAsync());

        await serving;
        Assert.Equal(PtpManagementErrorId.NoSuchId, error.ErrorId);
    }

    [Fact]
    public async Task Get_should_name_the_field_when_the_response_is_malformed()
    {
        using var client = new PtpManagementClient(_serverPath, TimeSpan.FromSeconds(5), domain: 0);
        var serving = AnswerOnceAsync(seq =>
            [Data(PtpManagementId.TimeStatusNp, new byte[10]).WithSequenceId(seq).Build()]);

        var error = await Assert.ThrowsAsync<PtpDecodingException>(() => client.GetTimeStatusAsync());

        await serving;
        Assert.Equal("TIME_STATUS_NP", error.Field);
    }

    [Fact]
    public async Task Get_should_time_out_naming_the_request_when_the_server_is_silent()
    {
        using var client = new PtpManagementClient(_serverPath, ShortTimeout, domain: 0);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetTimeStatusAsync());

        Assert.Contains("TimeStatusNp", error.Message);
        Assert.Contains(_serverPath, error.Message);
    }

    [Fact]
    public async Task Get_should_say_the_socket_is_unreachable_when_nothing_listens_there()
    {
        string missing = _serverPath + "-absent";
        using var client = new PtpManagementClient(missing, ShortTimeout, domain: 0);

        var error = await Assert.ThrowsAsync<PtpManagementException>(() => client.GetTimeStatusAsync());

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Dispose_should_remove_the_client_socket_file()
    {
        var client = new PtpManagementClient(_serverPath, ShortTimeout, domain: 0);
        Assert.True(File.Exists(client.ClientSocketPath));

        client.Dispose();

        Assert.False(File.Exists(client.ClientSocketPath));
    }

    [Fact]
    public void Create_should_take_path_timeout_and_domain_from_settings()
    {
        var settings = PtpSettingsTests.FromHocon(
            $"roko.ptp {{ uds-path = \"{_serverPath}\", management-timeout = 750ms, domain = 9 }}");

        using var client = PtpManagementClient.Create(settings);

        Assert.Equal(_serverPath, client.ServerSocketPath);
        Assert.Equal(TimeSpan.FromMilliseconds(750), client.Timeout);
        Assert.Equal(9, client.Domain);
    }
}
