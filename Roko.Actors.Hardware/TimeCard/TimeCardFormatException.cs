namespace Roko.Actors.Hardware.TimeCard;

/// <summary>A card attribute did not read as the <c>ptp_ocp</c> driver writes it; the message names the attribute and the text.</summary>
public sealed class TimeCardFormatException(string attribute, string text, string expected)
    : Exception($"time card attribute {attribute}: '{text.TrimEnd('\n')}' is not {expected}")
{
    public string Attribute { get; } = attribute;
}
