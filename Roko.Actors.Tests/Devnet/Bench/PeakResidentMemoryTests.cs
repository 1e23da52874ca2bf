using Roko.Actors.Devnet.Bench;
using Xunit;

namespace Roko.Actors.Tests.Devnet.Bench;

public sealed class PeakResidentMemoryTests
{
    [Fact]
    public void Peak_resident_memory_should_be_read_from_the_VmHWM_line_in_bytes()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t 3000000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n";

        Assert.Equal(123456L * 1024, PeakResidentMemory.Parse(status));
        Assert.Null(PeakResidentMemory.Parse("Name:\tdotnet\n"));
    }
}
