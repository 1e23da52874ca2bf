using System.Globalization;
using System.Text;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Hardware.Ptp;

/// <summary>
/// Typed <c>roko.ptp</c> settings: what ptp4l is configured with, and how the management client reaches it.
/// Every key is documented in <c>hocon/roko.conf</c>; <see cref="Create"/> requires all of them and checks ranges.
/// </summary>
public sealed record PtpSettings
{
    public const string Section = "roko.ptp";

    public const int MaxDomain = 127;
    public const int MinLogInterval = sbyte.MinValue;
    public const int MaxLogInterval = sbyte.MaxValue;
    public const byte MinTimeSource = 0x10;
    public const byte MaxTimeSource = 0xFE;

    /// <summary>Linux IFNAMSIZ (16) less the terminating NUL.</summary>
    public const int MaxInterfaceNameLength = 15;

    /// <summary>sockaddr_un.sun_path is 108 bytes including the terminating NUL.</summary>
    public const int MaxUnixSocketPathBytes = 107;

    public static readonly TimeSpan MaxManagementTimeout = TimeSpan.FromMinutes(1);

    /// <summary>PTP domain number (ptp4l <c>domainNumber</c>), 0..127.</summary>
    public required byte Domain { get; init; }
    public required byte Priority1 { get; init; }
    public required byte Priority2 { get; init; }

    /// <summary>clockClass this clock advertises: 6 for a GPS-locked grandmaster, 248 for a default clock.</summary>
    public required byte ClockClass { get; init; }

    /// <summary>clockAccuracy enumeration (0x20 = within 25 ns … 0xFE = unknown).</summary>
    public required byte ClockAccuracy { get; init; }
    public required PtpTimeSource TimeSource { get; init; }

    /// <summary>log2 of the announce interval in seconds (1 = every 2 s).</summary>
    public required sbyte LogAnnounceInterval { get; init; }

    /// <summary>log2 of the sync interval in seconds (0 = every second).</summary>
    public required sbyte LogSyncInterval { get; init; }

    /// <summary>log2 of the minimum delay-request interval in seconds.</summary>
    public required sbyte LogMinDelayRequestInterval { get; init; }
    public required PtpTransport Transport { get; init; }
    public required PtpTimeStamping TimeStamping { get; init; }
    public required string Interface { get; init; }
    public required bool SlaveOnly { get; init; }

    /// <summary>Measure only: ptp4l computes offsets but never adjusts the clock (<c>free_running</c>).</summary>
    public required bool FreeRunning { get; init; }

    /// <summary>ptp4l's management Unix datagram socket (<c>uds_address</c>).</summary>
    public required string ManagementSocketPath { get; init; }

    /// <summary>How long the management client waits for each response.</summary>
    public required TimeSpan ManagementTimeout { get; init; }

    /// <summary>Reads and validates the <c>roko.ptp</c> section (pass <c>SettingsReader.Section(config, PtpSettings.Section)</c>).</summary>
    public static PtpSettings Create(SettingsReader ptpSection)
    {
        ArgumentNullException.ThrowIfNull(ptpSection);
        var reader = new PtpValues(ptpSection);
        return new PtpSettings
        {
            Domain = (byte)reader.Integer("domain", 0, MaxDomain),
            Priority1 = (byte)reader.Integer("priority1", byte.MinValue, byte.MaxValue),
            Priority2 = (byte)reader.Integer("priority2", byte.MinValue, byte.MaxValue),
            ClockClass = (byte)reader.Integer("clock-class", byte.MinValue, byte.MaxValue),
            ClockAccuracy = (byte)reader.Integer("clock-accuracy", byte.MinValue, byte.MaxValue),
            TimeSource = reader.TimeSource("time-source"),
            LogAnnounceInterval = (sbyte)reader.Integer("announce-interval", MinLogInterval, MaxLogInterval),
            LogSyncInterval = (sbyte)reader.Integer("sync-interval", MinLogInterval, MaxLogInterval),
            LogMinDelayRequestInterval = (sbyte)reader.Integer("delay-request-interval", MinLogInterval, MaxLogInterval),
            Transport = reader.Choice("transport", TransportNames),
            TimeStamping = reader.Choice("time-stamping", TimeStampingNames),
            Interface = reader.InterfaceName("interface"),
            SlaveOnly = reader.Boolean("slave-only"),
            FreeRunning = reader.Boolean("free-running"),
            ManagementSocketPath = reader.SocketPath("uds-path"),
            ManagementTimeout = reader.Duration("management-timeout", MaxManagementTimeout),
        };
    }

    public static readonly IReadOnlyDictionary<string, PtpTransport> TransportNames =
        new Dictionary<string, PtpTransport>(StringComparer.OrdinalIgnoreCase)
        {
            ["UDPv4"] = PtpTransport.UdpIPv4,
            ["UDPv6"] = PtpTransport.UdpIPv6,
            ["L2"] = PtpTransport.Layer2,
        };

    public static readonly IReadOnlyDictionary<string, PtpTimeStamping> TimeStampingNames =
        new Dictionary<string, PtpTimeStamping>(StringComparer.OrdinalIgnoreCase)
        {
            ["hardware"] = PtpTimeStamping.Hardware,
            ["software"] = PtpTimeStamping.Software,
        };

    public static readonly IReadOnlyDictionary<string, PtpTimeSource> TimeSourceNames =
        new Dictionary<string, PtpTimeSource>(StringComparer.OrdinalIgnoreCase)
        {
            ["ATOMIC_CLOCK"] = PtpTimeSource.AtomicClock,
            ["GPS"] = PtpTimeSource.Gps,
            ["TERRESTRIAL_RADIO"] = PtpTimeSource.TerrestrialRadio,
            ["PTP"] = PtpTimeSource.Ptp,
            ["NTP"] = PtpTimeSource.Ntp,
            ["HAND_SET"] = PtpTimeSource.HandSet,
            ["OTHER"] = PtpTimeSource.Other,
            ["INTERNAL_OSCILLATOR"] = PtpTimeSource.InternalOscillator,
        };

    /// <summary>The PTP forms of <c>roko.ptp</c>'s values (ptp4l's names, PTP's numeric ranges) over the settings reader.</summary>
    private sealed class PtpValues(SettingsReader section)
    {
        private string Raw(string key) => section.Text(key).Trim();

        public int Integer(string key, int min, int max)
        {
            string raw = Raw(key);
            if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
                throw section.Invalid(key, $"'{raw}' is not an integer (expected {min}..{max})");
            if (value < min || value > max)
                throw section.Invalid(key, $"{value} is out of range {min}..{max}");
            return value;
        }

        public bool Boolean(string key)
        {
            string raw = Raw(key);
            return raw.ToLowerInvariant() switch
            {
                "on" or "true" or "yes" => true,
                "off" or "false" or "no" => false,
                _ => throw section.Invalid(key, $"'{raw}' is not a boolean (on/off)"),
            };
        }

        public T Choice<T>(string key, IReadOnlyDictionary<string, T> names)
        {
            string raw = Raw(key);
            if (names.TryGetValue(raw, out T? value))
                return value;
            throw section.Invalid(key, $"'{raw}' is not one of {string.Join(", ", names.Keys)}");
        }

        public PtpTimeSource TimeSource(string key)
        {
            string raw = Raw(key);
            if (TimeSourceNames.TryGetValue(raw, out PtpTimeSource named))
                return named;
            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                if (number < MinTimeSource || number > MaxTimeSource)
                    throw section.Invalid(key, $"{number} is out of range {MinTimeSource}..{MaxTimeSource}");
                return (PtpTimeSource)number;
            }
            throw section.Invalid(key,
                $"'{raw}' is neither a number {MinTimeSource}..{MaxTimeSource} nor one of {string.Join(", ", TimeSourceNames.Keys)}");
        }

        public string InterfaceName(string key)
        {
            string raw = Raw(key);
            if (raw.Length == 0 || raw.Length > MaxInterfaceNameLength)
                throw section.Invalid(key, $"'{raw}' must be 1..{MaxInterfaceNameLength} characters");
            if (raw.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '[' or ']' or '#'))
                throw section.Invalid(key, $"'{raw}' contains whitespace, '/', '[', ']' or '#'");
            return raw;
        }

        public string SocketPath(string key)
        {
            string raw = Raw(key);
            if (!raw.StartsWith('/'))
                throw section.Invalid(key, $"'{raw}' must be an absolute path");
            if (Encoding.UTF8.GetByteCount(raw) > MaxUnixSocketPathBytes)
                throw section.Invalid(key, $"'{raw}' is longer than {MaxUnixSocketPathBytes} bytes");
            if (raw.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '#'))
                throw section.Invalid(key, $"'{raw}' contains whitespace or '#'");
            return raw;
        }

        public TimeSpan Duration(string key, TimeSpan max)
        {
            string raw = Raw(key);
            TimeSpan value;
            try
            {
                value = section.Duration(key, TimeSpan.MinValue, TimeSpan.MaxValue);
            }
            catch (InvalidSettingException e)
            {
                throw section.Invalid(key, $"'{raw}' is not a duration such as 2s or 500ms ({e.Message})");
            }
            if (value <= TimeSpan.Zero || value > max)
                throw section.Invalid(key, $"'{raw}' must be positive and at most {max.TotalSeconds} s");
            return value;
        }
    }
}
