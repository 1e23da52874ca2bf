namespace Roko.Actors.Configuration;

/// <summary>One documented setting of hocon/roko.conf: its full path, its default as written, and its comment.</summary>
public sealed record ConfigReferenceEntry(string Path, string Default, string Description);
