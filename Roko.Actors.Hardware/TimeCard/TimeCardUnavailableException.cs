namespace Roko.Actors.Hardware.TimeCard;

/// <summary>The card's sysfs directory, one of its attributes or its PHC cannot be read; the message says which and what to do.</summary>
public sealed class TimeCardUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
