namespace EdgeSearch.Daemon.Pipeline;

/// <summary>
/// The process's memory as the kernel and the GC see it, so a long run can tell a leak (resident memory that keeps
/// rising) from garbage the GC reclaims (allocations rise, the heap after each collection does not).
/// </summary>
/// <param name="ResidentBytes">Resident set size from /proc/self/statm; 0 where there is no procfs.</param>
/// <param name="GcHeapBytes">Managed heap size after the last collection.</param>
/// <param name="GcCommittedBytes">Memory the GC has committed from the OS, in use or kept for reuse.</param>
/// <param name="AllocatedBytes">Managed bytes allocated since the start, garbage included.</param>
/// <param name="Collections">Collections of generations 0, 1 and 2 since the start.</param>
public sealed record ProcessMemory(long ResidentBytes, long GcHeapBytes, long GcCommittedBytes, long AllocatedBytes, IReadOnlyList<int> Collections)
{
    public static ProcessMemory Read()
    {
        var gc = GC.GetGCMemoryInfo();
        // Before the first collection the GC reports a heap and a commit of 0; one collection at the first reading
        // makes every figure true from then on (and clears what loading the model left behind).
        if (gc.Index == 0)
        {
            GC.Collect();
            gc = GC.GetGCMemoryInfo();
        }
        // Precise: the cheap count can lag by the threads' unused allocation contexts, and a scrape is rare.
        return new ProcessMemory(ResidentSetBytes(), gc.HeapSizeBytes, gc.TotalCommittedBytes, GC.GetTotalAllocatedBytes(precise: true),
            [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)]);
    }

    /// <summary>statm's second field is resident pages.</summary>
    private static long ResidentSetBytes()
    {
        try
        {
            var fields = File.ReadAllText("/proc/self/statm").Split(' ');
            return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
