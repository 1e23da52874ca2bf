using System.Buffers.Binary;
using System.Text;

namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// IEEE 1588-2008 management messages as linuxptp exchanges them over its Unix socket: a 34-octet common
/// header, a 14-octet management body, then one TLV (MANAGEMENT or MANAGEMENT_ERROR_STATUS). All big-endian.
/// </summary>
public static class PtpManagementCodec
{
    public const int HeaderSize = 34;
    public const int ManagementBodySize = PtpPortIdentity.Size + 4;
    public const int MessagePrefixSize = HeaderSize + ManagementBodySize;
    public const int TlvHeaderSize = 4;
    public const int ManagementIdSize = 2;
    public const int GetRequestSize = MessagePrefixSize + TlvHeaderSize + ManagementIdSize;

    public const byte MessageTypeManagement = 0x0D;
    public const byte PtpVersion = 2;
    public const byte ControlManagement = 0x04;
    public const byte LogMessageIntervalUnused = 0x7F;
    public const ushort TlvTypeManagement = 0x0001;
    public const ushort TlvTypeManagementErrorStatus = 0x0002;

    /// <summary>managementErrorId, managementId and 4 reserved octets precede the optional display text.</summary>
    public const int ErrorStatusFixedSize = 8;

    private const byte LowNibble = 0x0F;
    private const int MessageLengthOffset = 2;
    private const int DomainOffset = 4;
    private const int SourcePortIdentityOffset = 20;
    private const int SequenceIdOffset = 30;
    private const int ControlOffset = 32;
    private const int LogMessageIntervalOffset = 33;
    private const int TargetPortIdentityOffset = HeaderSize;
    private const int ActionOffset = TargetPortIdentityOffset + PtpPortIdentity.Size + 2;
    private const int TlvOffset = MessagePrefixSize;
    private const int ReservedAndFlagsAndCorrectionSize = 1 + 2 + 8 + 4;
    private const int ControlAndLogIntervalSize = 2;
    private const int BoundaryHopsSize = 2;
    private const int ErrorStatusReservedSize = 4;

    /// <summary>A PTPText may be followed by one pad octet to keep the TLV length even.</summary>
    private const int MaxTextPadding = 1;

    public enum Action : byte
    {
        Get = 0,
        Set = 1,
        Response = 2,
        Command = 3,
        Acknowledge = 4,
    }

    /// <summary>
    /// A GET with an empty data field (linuxptp answers those with the full data set), addressed to every clock
    /// and port, with boundaryHops 0 so the local ptp4l answers and does not forward it.
    /// </summary>
    public static byte[] EncodeGet(PtpManagementId id, ushort sequenceId, byte domain, PtpPortIdentity source)
    {
        var message = new byte[GetRequestSize];
        var span = message.AsSpan();
        span[0] = MessageTypeManagement;
        span[1] = PtpVersion;
        BinaryPrimitives.WriteUInt16BigEndian(span[MessageLengthOffset..], GetRequestSize);
        span[DomainOffset] = domain;
        source.ClockIdentity.Write(span[SourcePortIdentityOffset..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[(SourcePortIdentityOffset + PtpClockIdentity.Size)..], source.PortNumber);
        BinaryPrimitives.WriteUInt16BigEndian(span[SequenceIdOffset..], sequenceId);
        span[ControlOffset] = ControlManagement;
        span[LogMessageIntervalOffset] = LogMessageIntervalUnused;
        PtpPortIdentity.Wildcard.ClockIdentity.Write(span[TargetPortIdentityOffset..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[(TargetPortIdentityOffset + PtpClockIdentity.Size)..],
            PtpPortIdentity.Wildcard.PortNumber);
        span[ActionOffset] = (byte)Action.Get;
        BinaryPrimitives.WriteUInt16BigEndian(span[TlvOffset..], TlvTypeManagement);
        BinaryPrimitives.WriteUInt16BigEndian(span[(TlvOffset + sizeof(ushort))..], ManagementIdSize);
        BinaryPrimitives.WriteUInt16BigEndian(span[(TlvOffset + TlvHeaderSize)..], (ushort)id);
        return message;
    }

    /// <summary>Decodes one datagram strictly; any deviation is a <see cref="PtpDecodingException"/> naming the field.</summary>
    public static PtpManagementResponse DecodeResponse(ReadOnlySpan<byte> datagram)
    {
        var reader = new PtpWireReader(datagram);
        byte typeOctet = reader.UInt8("messageType");
        if ((typeOctet & LowNibble) != MessageTypeManagement)
            throw new PtpDecodingException("messageType", $"0x{typeOctet & LowNibble:X} is not management (0xD)");
        byte versionOctet = reader.UInt8("versionPTP");
        if ((versionOctet & LowNibble) != PtpVersion)
            throw new PtpDecodingException("versionPTP", $"{versionOctet & LowNibble} is not {PtpVersion}");
        ushort messageLength = reader.UInt16("messageLength");
        if (messageLength != datagram.Length)
            throw new PtpDecodingException("messageLength",
                $"says {messageLength} bytes but the datagram has {datagram.Length}"
                + (datagram.Length < messageLength ? " (truncated)" : " (trailing bytes)"));
        byte domain = reader.UInt8("domainNumber");
        reader.Skip("header.reserved, flagField, correctionField", ReservedAndFlagsAndCorrectionSize);
        var source = reader.PortIdentity("sourcePortIdentity");
        ushort sequenceId = reader.UInt16("sequenceId");
        reader.Skip("controlField, logMessageInterval", ControlAndLogIntervalSize);

        reader.PortIdentity("targetPortIdentity");
        reader.Skip("startingBoundaryHops, boundaryHops", BoundaryHopsSize);
        byte actionOctet = reader.UInt8("actionField");
        if ((actionOctet & LowNibble) != (byte)Action.Response)
            throw new PtpDecodingException("actionField", $"{actionOctet & LowNibble} is not RESPONSE ({(byte)Action.Response})");
        reader.Skip("management.reserved", 1);

        ushort tlvType = reader.UInt16("tlvType");
        ushort tlvLength = reader.UInt16("lengthField");
        if (tlvLength != reader.Remaining)
            throw new PtpDecodingException("lengthField",
                $"TLV says {tlvLength} bytes but {reader.Remaining} follow it in the message");
        return tlvType switch
        {
            TlvTypeManagement => DecodeManagementTlv(ref reader, tlvLength, sequenceId, domain, source),
            TlvTypeManagementErrorStatus => DecodeErrorStatusTlv(ref reader, tlvLength, sequenceId, domain, source),
            _ => throw new PtpDecodingException("tlvType",
                $"0x{tlvType:X4} is neither MANAGEMENT (0x0001) nor MANAGEMENT_ERROR_STATUS (0x0002)"),
        };
    }

    private static PtpManagementResponse DecodeManagementTlv(
        ref PtpWireReader reader, ushort tlvLength, ushort sequenceId, byte domain, PtpPortIdentity source)
    {
        ushort managementId = reader.UInt16("managementId");
        byte[] data = reader.Bytes("dataField", tlvLength - ManagementIdSize).ToArray();
        return new PtpManagementResponse(sequenceId, domain, source, managementId, data, Error: null);
    }

    private static PtpManagementResponse DecodeErrorStatusTlv(
        ref PtpWireReader reader, ushort tlvLength, ushort sequenceId, byte domain, PtpPortIdentity source)
    {
        if (tlvLength < ErrorStatusFixedSize)
            throw new PtpDecodingException("lengthField",
                $"MANAGEMENT_ERROR_STATUS needs at least {ErrorStatusFixedSize} bytes, has {tlvLength}");
        var errorId = (PtpManagementErrorId)reader.UInt16("managementErrorId");
        ushort managementId = reader.UInt16("managementId");
        reader.Skip("errorStatus.reserved", ErrorStatusReservedSize);
        string displayData = "";
        if (reader.Remaining > 0)
        {
            byte textLength = reader.UInt8("displayData.lengthField");
            displayData = Encoding.UTF8.GetString(reader.Bytes("displayData.textField", textLength));
            if (reader.Remaining > MaxTextPadding)
                throw new PtpDecodingException("displayData", $"{reader.Remaining} unexpected bytes after the text");
        }
        var error = new PtpManagementErrorException(errorId, managementId, displayData);
        return new PtpManagementResponse(sequenceId, domain, source, managementId, ReadOnlyMemory<byte>.Empty, error);
    }
}
