using System.Globalization;
using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Tests.Pipeline;

public class ProcessMemoryTests
{
    [Fact]
    public void Resident_size_agrees_with_the_kernels_VmRSS_and_allocations_are_counted()
    {
        var before = ProcessMemory.Read();
        var kept = new byte[4 << 20];
        var after = ProcessMemory.Read();
        var vmRssBytes = 1024 * long.Parse(File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

        // statm and status are two views of the same counter, read a moment apart.
        Assert.InRange(after.ResidentBytes, vmRssBytes / 2, vmRssBytes * 2);
        Assert.True(after.AllocatedBytes - before.AllocatedBytes >= kept.Length);
        Assert.Equal(3, after.Collections.Count);
        GC.KeepAlive(kept);
    }
}
