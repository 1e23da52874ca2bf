using Roko.Actors.Devnet.Bench;
using Xunit;

namespace Roko.Actors.Tests.Devnet.Bench;

public sealed class ResidentMemoryTests
{
    [Fact]
    public void Peak_resident_memory_should_be_read_from_the_VmHWM_line_in_bytes()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t 3000000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n";

        Assert.Equal(123456L * 1024, ResidentMemory.ParsePeak(status));
        Assert.Null(ResidentMemory.ParsePeak("Name:\tdotnet\n"));
    }

    [Fact]
    public void Current_resident_memory_should_be_read_from_the_VmRSS_line_in_bytes()
    {
        const string status = "Name:\tdotnet\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n";

        Assert.Equal(100000L * 1024, ResidentMemory.ParseCurrent(status));
        Assert.Null(ResidentMemory.ParseCurrent("VmRSS:\t  100000 MB\n"));
    }
}
