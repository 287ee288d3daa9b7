namespace EdgeSearch.Testing;

/// <summary>
/// Bytes a piece of code allocates on the calling thread once warm. The runtime itself sometimes charges a thread
/// for a one-off allocation (a method's tier-up or on-stack replacement landing mid-call on a loaded machine), so
/// the code runs several times and the least is returned: an allocation the code makes on every call shows in
/// every run, a runtime's one-off in at most a few.
/// </summary>
public static class SteadyAllocations
{
    public const int Runs = 5;

    /// <summary>The least that <paramref name="run"/> allocated in one of <see cref="Runs"/> runs, after
    /// <paramref name="prepare"/> (not counted) before each.</summary>
    public static long Of(Action run, Action? prepare = null)
    {
        var least = long.MaxValue;
        for (var i = 0; i < Runs; i++)
        {
            prepare?.Invoke();
            var before = GC.GetAllocatedBytesForCurrentThread();
            run();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}
