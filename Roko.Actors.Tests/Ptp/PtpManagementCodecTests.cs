using System.Buffers.Binary;
using Roko.Actors.Hardware.Ptp;
using Xunit;
using static Roko.Actors.Tests.Ptp.ManagementResponseBuilder;

namespace Roko.Actors.Tests.Ptp;

public class PtpManagementCodecTests
{
    private const ulong GrandmasterIdentity = 0xaabb_ccff_fedd_eeff;

    [Fact]
    public void EncodeGet_should_lay_out_a_zero_length_get_for_every_clock()
    {
        var source = new PtpPortIdentity(new PtpClockIdentity(0), 0x1234);

        byte[] bytes = PtpManagementCodec.EncodeGet(PtpManagementId.TimeStatusNp, 0xBEEF, 24, source);

        byte[] expected =
        [
            0x0D, 0x02, 0x00, 0x36, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34, 0xBE, 0xEF, 0x04, 0x7F,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x00, 0,
            0x00, 0x01, 0x00, 0x02, 0xC0, 0x00,
        ];
        Assert.Equal(expected, bytes);
        Assert.Equal(PtpManagementCodec.GetRequestSize, bytes.Length);
    }

    [Fact]
    public void DecodeResponse_should_return_the_data_when_the_response_is_well_formed()
    {
        byte[] data = TimeStatusData(-1234, 1_700_000_000_123_456_789, gmPresent: true, GrandmasterIdentity);
        byte[] datagram = Data(PtpManagementId.TimeStatusNp, data).WithSequenceId(77).Build();

        var response = PtpManagementCodec.DecodeResponse(datagram);

        Assert.Equal(77, response.SequenceId);
        Assert.Equal((ushort)PtpManagementId.TimeStatusNp, response.ManagementId);
        Assert.Equal(new PtpClockIdentity(ServerClockIdentity), response.SourcePortIdentity.ClockIdentity);
        Assert.Null(response.Error);
        Assert.Equal(data, response.DataFor(PtpManagementId.TimeStatusNp).ToArray());
    }

    [Fact]
    public void DecodeResponse_should_name_the_field_when_the_datagram_is_truncated()
    {
        byte[] datagram = Data(PtpManagementId.TimeStatusNp, new byte[TimeStatusNp.Size]).Build();

        foreach (int cut in new[] { 0, 1, 3 })
        {
            var error = Assert.Throws<PtpDecodingException>(() => PtpManagementCodec.DecodeResponse(datagram.AsSpan(0, cut)));
            Assert.Contains("truncated", error.Message);
        }
        foreach (int cut in new[] { 4, 20, 33, 47, 50, datagram.Length - 1 })
        {
            var error = Assert.Throws<PtpDecodingException>(() => PtpManagementCodec.DecodeResponse(datagram.AsSpan(0, cut)));
            Assert.Equal("messageLength", error.Field);
            Assert.Contains("truncated", error.Message);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void DecodeResponse_should_reject_the_message_when_message_length_disagrees_with_the_datagram(int off)
    {
        byte[] datagram = Data(PtpManagementId.CurrentDataSet, new byte[CurrentDataSet.Size]).WithMessageLengthOff(off).Build();

        var error = Assert.Throws<PtpDecodingException>(() => PtpManagementCodec.DecodeResponse(datagram));

        Assert.Equal("messageLength", error.Field);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public void DecodeResponse_should_reject_the_tlv_when_its_length_disagrees_with_the_message(int off)
    {
        byte[] datagram = Data(PtpManagementId.CurrentDataSet, new byte[CurrentDataSet.Size]).WithTlvLengthOff(off).Build();

        var error = Assert.Throws<PtpDecodingException>(() => PtpManagementCodec.DecodeResponse(datagram));

        Assert.Equal("lengthField", error.Field);
    }

    [Fact]
    public void DecodeResponse_should_name_the_field_when_message_length_is_consistent_but_too_short()
    {
        byte[] datagram = Data(PtpManagementId.CurrentDataSet, new byte[CurrentDataSet.Size]).Build();
        byte[] cut = datagram[..40];
        BinaryPrimitives.WriteUInt16BigEndian(cut.AsSpan(2), (ushort)cut.Length);

        var error = Assert.Throws<PtpDecodingException>(() => PtpManagementCodec.DecodeResponse(cut));

        Assert.Equal("targetPortIdentity.clockIdentity", error.Field);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void DecodeResponse_should_reject_the_message_when_it_is_not_management()
    {
        byte[] announce = Data(PtpManagementId.CurrentDataSet, new byte[CurrentDataSet.Size]).WithTypeOctet(0x0B).Build();

        var error = Assert.Throws<PtpDecodingException>(() => PtpManagementCodec.DecodeResponse(announce));

        Assert.Equal("messageType", error.Field);
    }

    [Fact]
    public void DecodeResponse_should_accept_a_transport_specific_nibble_when_the_type_is_management()
    {
        byte[] datagram = Data(PtpManagementId.CurrentDataSet, new byte[CurrentDataSet.Size]).WithTypeOctet(0x1D).Build();

        Assert.Null(PtpManagementCodec.DecodeResponse(datagram).Error);
    }

    [Fact]
    public void DecodeResponse_should_reject_the_message_when_the_version_is_not_2()
    {
        byte[] datagram = Data(PtpManagementId.CurrentDataSet, new byte[CurrentDataSet.Size]).WithVersionOctet(0x01).Build();

        var error = Assert.Throws<PtpDecodingException>(() => PtpManagementCodec.DecodeResponse(datagram));

        Assert.Equal("versionPTP", error.Field);
    }

    [Theory]
    [InlineData(PtpManagementCodec.Action.Get)]
    [InlineData(PtpManagementCodec.Action.Set)]
    [InlineData(PtpManagementCodec.Action.Acknowledge)]
    public void DecodeResponse_should_reject_the_message_when_the_action_is_not_response(PtpManagementCodec.Action action)
    {
        byte[] datagram = Data(PtpManagementId.CurrentDataSet, new byte[CurrentDataSet.Size]).WithAction(action).Build();

        var error = Assert.Throws<PtpDecodingException>(() => PtpManagementCodec.DecodeResponse(datagram));

        Assert.Equal("actionField", error.Field);
    }

    [Fact]
    public void DecodeResponse_should_reject_the_tlv_when_its_type_is_not_management()
    {
        byte[] datagram = Data(PtpManagementId.CurrentDataSet, new byte[CurrentDataSet.Size]).WithTlvType(0x0008).Build();

        var error = Assert.Throws<PtpDecodingException>(() => PtpManagementCodec.DecodeResponse(datagram));

        Assert.Equal("tlvType", error.Field);
        Assert.Contains("0x0008", error.Message);
    }

    [Fact]
    public void DataFor_should_throw_the_error_id_when_ptp4l_sent_an_error_status()
    {
        byte[] datagram = ErrorStatus(PtpManagementErrorId.NotSupported, PtpManagementId.TimeStatusNp).Build();
        var response = PtpManagementCodec.DecodeResponse(datagram);

        var error = Assert.Throws<PtpManagementErrorException>(() => response.DataFor(PtpManagementId.TimeStatusNp));

        Assert.Equal(PtpManagementErrorId.NotSupported, error.ErrorId);
        Assert.Equal((ushort)PtpManagementId.TimeStatusNp, error.ManagementId);
        Assert.Contains("0x0006 (NotSupported)", error.Message);
        Assert.Contains("0xC000", error.Message);
    }

    [Fact]
    public void DecodeResponse_should_keep_the_display_text_when_the_error_status_has_one()
    {
        byte[] datagram = ErrorStatus(PtpManagementErrorId.GeneralError, PtpManagementId.ParentDataSet, "busy").Build();

        var error = PtpManagementCodec.DecodeResponse(datagram).Error;

        Assert.NotNull(error);
        Assert.Equal("busy", error.DisplayData);
        Assert.EndsWith(": busy", error.Message);
    }

    [Fact]
    public void DecodeResponse_should_reject_the_error_status_when_shorter_than_its_fixed_part()
    {
        byte[] datagram = Data(PtpManagementId.CurrentDataSet, [0, 0]).WithTlvType(PtpManagementCodec.TlvTypeManagementErrorStatus).Build();

        var error = Assert.Throws<PtpDecodingException>(() => PtpManagementCodec.DecodeResponse(datagram));

        Assert.Equal("lengthField", error.Field);
    }

    [Fact]
    public void DataFor_should_reject_the_response_when_it_answers_another_management_id()
    {
        var response = PtpManagementCodec.DecodeResponse(Data(PtpManagementId.ParentDataSet, new byte[ParentDataSet.Size]).Build());

        var error = Assert.Throws<PtpDecodingException>(() => response.DataFor(PtpManagementId.CurrentDataSet));

        Assert.Equal("managementId", error.Field);
    }

    [Fact]
    public void TimeStatusNp_should_decode_every_field_when_the_data_is_well_formed()
    {
        var status = TimeStatusNp.Decode(TimeStatusData(-1234, 1_700_000_000_123_456_789, gmPresent: true, GrandmasterIdentity));

        Assert.Equal(-1234, status.MasterOffsetNanoseconds);
        Assert.Equal(1_700_000_000_123_456_789, status.IngressTimeNanoseconds);
        Assert.Equal(-2048, status.CumulativeScaledRateOffset);
        Assert.Equal(7, status.ScaledLastGmPhaseChange);
        Assert.Equal(3, status.GmTimeBaseIndicator);
        Assert.Equal(-(Int128)0x8000, status.LastGmPhaseChangeScaled);
        Assert.True(status.GrandmasterPresent);
        Assert.Equal("aabbcc.fffe.ddeeff", status.GrandmasterIdentity.ToString());
    }

    [Fact]
    public void TimeStatusNp_should_name_gm_present_when_it_is_not_a_boolean()
    {
        var error = Assert.Throws<PtpDecodingException>(
            () => TimeStatusNp.Decode(TimeStatusData(0, 0, false, GrandmasterIdentity, gmPresentRaw: 2)));

        Assert.Equal("gmPresent", error.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(TimeStatusNp.Size - 1)]
    [InlineData(TimeStatusNp.Size + 2)]
    public void TimeStatusNp_should_reject_the_data_when_its_size_is_wrong(int size)
    {
        var error = Assert.Throws<PtpDecodingException>(() => TimeStatusNp.Decode(new byte[size]));

        Assert.Equal("TIME_STATUS_NP", error.Field);
    }

    [Fact]
    public void CurrentDataSet_should_convert_scaled_nanoseconds_when_decoding()
    {
        var current = CurrentDataSet.Decode(CurrentData(1, -1_500 * 65536L - 32768, 250_000 * 65536L));

        Assert.Equal(new CurrentDataSet(1, -1500.5, 250_000), current);
    }

    [Fact]
    public void CurrentDataSet_should_reject_the_data_when_its_size_is_wrong()
    {
        var error = Assert.Throws<PtpDecodingException>(() => CurrentDataSet.Decode(new byte[CurrentDataSet.Size - 2]));

        Assert.Equal("CURRENT_DATA_SET", error.Field);
    }

    [Fact]
    public void ParentDataSet_should_decode_every_field_when_the_data_is_well_formed()
    {
        var parent = ParentDataSet.Decode(ParentData(GrandmasterIdentity, 1, GrandmasterIdentity));

        Assert.Equal(new PtpPortIdentity(new PtpClockIdentity(GrandmasterIdentity), 1), parent.ParentPortIdentity);
        Assert.False(parent.ParentStats);
        Assert.Equal(0xFFFF, parent.ObservedParentOffsetScaledLogVariance);
        Assert.Equal(0x7FFF_FFFF, parent.ObservedParentClockPhaseChangeRate);
        Assert.Equal(128, parent.GrandmasterPriority1);
        Assert.Equal(new PtpClockQuality(6, 0x21, 0x4E5D), parent.GrandmasterClockQuality);
        Assert.Equal(127, parent.GrandmasterPriority2);
        Assert.Equal(new PtpClockIdentity(GrandmasterIdentity), parent.GrandmasterIdentity);
    }

    [Fact]
    public void ParentDataSet_should_reject_the_data_when_parent_stats_is_not_a_boolean()
    {
        byte[] data = ParentData(1, 1, 1);
        data[PtpPortIdentity.Size] = 9;

        var error = Assert.Throws<PtpDecodingException>(() => ParentDataSet.Decode(data));

        Assert.Equal("parentStats", error.Field);
    }

    [Fact]
    public void ClockIdentity_should_print_like_linuxptp()
    {
        Assert.Equal("001122.fffe.334455", new PtpClockIdentity(0x0011_22ff_fe33_4455).ToString());
        Assert.Equal(0x0011_22ff_fe33_4455UL, BinaryPrimitives.ReadUInt64BigEndian([0x00, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55]));
    }
}
