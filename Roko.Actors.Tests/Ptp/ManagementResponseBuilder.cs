using System.Buffers.Binary;
using Roko.Actors.Hardware.Ptp;

namespace Roko.Actors.Tests.Ptp;

/// <summary>Builds management RESPONSE datagrams byte by byte, the way ptp4l lays them out, for decoder tests.</summary>
internal sealed class ManagementResponseBuilder
{
    public const ulong ServerClockIdentity = 0x0011_22ff_fe33_4455;

    private byte _typeOctet = PtpManagementCodec.MessageTypeManagement;
    private byte _versionOctet = PtpManagementCodec.PtpVersion;
    private byte _action = (byte)PtpManagementCodec.Action.Response;
    private ushort _sequenceId;
    private ushort _tlvType = PtpManagementCodec.TlvTypeManagement;
    private byte[] _tlvValue = [];
    private int _tlvLengthAdjustment;
    private int _messageLengthAdjustment;

    public static ManagementResponseBuilder Data(PtpManagementId id, byte[] data)
    {
        var builder = new ManagementResponseBuilder();
        builder._tlvValue = [.. U16((ushort)id), .. data];
        return builder;
    }

    public static ManagementResponseBuilder ErrorStatus(PtpManagementErrorId error, PtpManagementId id, string text = "")
    {
        byte[] display = text.Length == 0 ? [] : [(byte)text.Length, .. System.Text.Encoding.UTF8.GetBytes(text)];
        if (display.Length % 2 == 1)
            display = [.. display, 0];
        var builder = new ManagementResponseBuilder
        {
            _tlvType = PtpManagementCodec.TlvTypeManagementErrorStatus,
            _tlvValue = [.. U16((ushort)error), .. U16((ushort)id), 0, 0, 0, 0, .. display],
        };
        return builder;
    }

    public ManagementResponseBuilder WithSequenceId(ushort sequenceId) { _sequenceId = sequenceId; return this; }
    public ManagementResponseBuilder WithTypeOctet(byte value) { _typeOctet = value; return this; }
    public ManagementResponseBuilder WithVersionOctet(byte value) { _versionOctet = value; return this; }
    public ManagementResponseBuilder WithAction(PtpManagementCodec.Action action) { _action = (byte)action; return this; }
    public ManagementResponseBuilder WithTlvType(ushort type) { _tlvType = type; return this; }
    public ManagementResponseBuilder WithTlvLengthOff(int by) { _tlvLengthAdjustment = by; return this; }
    public ManagementResponseBuilder WithMessageLengthOff(int by) { _messageLengthAdjustment = by; return this; }

    public byte[] Build()
    {
        int length = PtpManagementCodec.MessagePrefixSize + PtpManagementCodec.TlvHeaderSize + _tlvValue.Length;
        var message = new byte[length];
        var span = message.AsSpan();
        span[0] = _typeOctet;
        span[1] = _versionOctet;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)(length + _messageLengthAdjustment));
        BinaryPrimitives.WriteUInt64BigEndian(span[20..], ServerClockIdentity);
        BinaryPrimitives.WriteUInt16BigEndian(span[28..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(span[30..], _sequenceId);
        span[32] = PtpManagementCodec.ControlManagement;
        span[33] = PtpManagementCodec.LogMessageIntervalUnused;
        BinaryPrimitives.WriteUInt64BigEndian(span[34..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(span[42..], 4242);
        span[46] = _action;
        BinaryPrimitives.WriteUInt16BigEndian(span[48..], _tlvType);
        BinaryPrimitives.WriteUInt16BigEndian(span[50..], (ushort)(_tlvValue.Length + _tlvLengthAdjustment));
        _tlvValue.CopyTo(span[52..]);
        return message;
    }

    public static byte[] U16(ushort value) { var b = new byte[2]; BinaryPrimitives.WriteUInt16BigEndian(b, value); return b; }
    public static byte[] I32(int value) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, value); return b; }
    public static byte[] I64(long value) { var b = new byte[8]; BinaryPrimitives.WriteInt64BigEndian(b, value); return b; }
    public static byte[] U64(ulong value) { var b = new byte[8]; BinaryPrimitives.WriteUInt64BigEndian(b, value); return b; }

    public static byte[] TimeStatusData(long masterOffset, long ingress, bool gmPresent, ulong gmIdentity,
        int gmPresentRaw = -1) =>
    [
        .. I64(masterOffset), .. I64(ingress), .. I32(-2048), .. I32(7), .. U16(3),
        .. U16(0xFFFF), .. U64(0xFFFF_FFFF_FFFF_FFFF), .. U16(0x8000),
        .. I32(gmPresentRaw >= 0 ? gmPresentRaw : gmPresent ? 1 : 0), .. U64(gmIdentity),
    ];

    public static byte[] CurrentData(ushort stepsRemoved, long offsetScaled, long delayScaled) =>
        [.. U16(stepsRemoved), .. I64(offsetScaled), .. I64(delayScaled)];

    public static byte[] ParentData(ulong parentClock, ushort parentPort, ulong gmIdentity) =>
    [
        .. U64(parentClock), .. U16(parentPort), 0, 0, .. U16(0xFFFF), .. I32(0x7FFF_FFFF),
        128, 6, 0x21, .. U16(0x4E5D), 127, .. U64(gmIdentity),
    ];
}
