using System.Collections.Immutable;
using System.Reflection;
using Akka.Configuration;
using Roko.Actors.Hardware.Configuration;

namespace Roko.Actors.Wire;

/// <summary>The <c>roko.wire</c> block of the HOCON configuration (see <c>hocon/roko.conf</c>).</summary>
/// <param name="AllowTypes">Type names (assembly-qualified, as <see cref="Type.GetType(string)"/> takes them) allowed in addition to the defaults.</param>
/// <param name="ScanAssemblies">Names of the assemblies scanned for <see cref="IWireMessage"/> types.</param>
public sealed record WireSettings(ImmutableArray<string> AllowTypes, ImmutableArray<string> ScanAssemblies)
{
    public const string ConfigPath = "roko.wire";

    public static WireSettings Create(Config config)
    {
        var wire = SettingsReader.Section(config, ConfigPath);
        return new WireSettings([.. wire.TextList("allow-types")], [.. wire.TextList("scan-assemblies")]);
    }

    public IEnumerable<Type> ResolveAllowTypes() =>
        AllowTypes.Select(name => Type.GetType(name, throwOnError: false)
            ?? throw new ConfigurationException($"{ConfigPath}.allow-types names '{name}', which does not resolve to a type."));

    public IEnumerable<Assembly> ResolveScanAssemblies() =>
        ScanAssemblies.Select(name =>
        {
            try
            {
                return Assembly.Load(name);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                throw new ConfigurationException($"{ConfigPath}.scan-assemblies names '{name}', which cannot be loaded.", e);
            }
        });
}
