using System.Runtime.CompilerServices;

namespace Roko.Actors.Tests.Support;

/// <summary>
/// The `roko` processes the tests start (directly, or through deploy scripts) run with tiered compilation on, through the
/// environment they inherit. The shipped runtimeconfig turns it off (Roko.Actors.csproj): a node then runs at full speed
/// from its first block, at the price of ~4 s more CPU at start. Paid by every process the tests start, that took a full
/// local run's tests from 22 m 32 s to 25 m 38 s on a 2-core machine; what they check does not depend on how the JIT compiles.
/// A value already in the environment (e.g. DOTNET_TieredCompilation=0 to test the shipped setting) is kept.
/// </summary>
internal static class ChildProcessJit
{
    private const string Variable = "DOTNET_TieredCompilation";

    [ModuleInitializer]
    internal static void UseTieredCompilationInChildProcesses()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null) Environment.SetEnvironmentVariable(Variable, "1");
    }
}
