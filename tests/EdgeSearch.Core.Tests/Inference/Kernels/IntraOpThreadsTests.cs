using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Testing;

namespace EdgeSearch.Core.Tests.Inference.Kernels;

public class IntraOpThreadsTests
{
    /// <summary>Counts the runs of each part; part 1 can be made slow, so that others claim the rest meanwhile.</summary>
    private sealed class Counting(int parts, bool slowPart) : IPartitioned
    {
        public readonly int[] Runs = new int[parts];

        public void RunPart(int part, int count)
        {
            Assert.Equal(Runs.Length, count);
            if (slowPart && part == 1) Thread.SpinWait(20_000);
            Interlocked.Increment(ref Runs[part]);
        }
    }

    /// <summary>Part 0 (the caller's first) gives a worker time to wake and claim part 1, which then runs long.</summary>
    private sealed class CallerWaits : IPartitioned
    {
        public void RunPart(int part, int parts) => Thread.Sleep(part == 0 ? 50 : 200);
    }

    [Fact]
    public void ACallerThatBlocksOnASlowWorkerAllocatesNothing()
    {
        // A fresh pool each run: the allocation this guards against came with a pool's first blocking wait.
        var work = new CallerWaits();
        var pools = new List<IntraOpThreads>();
        try
        {
            Assert.Equal(0, SteadyAllocations.Of(() => pools[^1].Run(work), () => pools.Add(new IntraOpThreads(2))));
        }
        finally
        {
            pools.ForEach(pool => pool.Dispose());
        }
    }

    private sealed class Failing : IPartitioned
    {
        public void RunPart(int part, int parts)
        {
            if (part == parts - 1) throw new InvalidOperationException("part failed");
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void EveryPartRunsExactlyOncePerCall(int threads, bool slowPart)
    {
        using var pool = new IntraOpThreads(threads);
        for (var call = 0; call < 2000; call++)
        {
            var work = new Counting(threads, slowPart);
            pool.Run(work);
            Assert.All(work.Runs, runs => Assert.Equal(1, runs));
        }
    }

    [Fact]
    public void AFailingPartFailsTheCallAndTheNextCallStillRuns()
    {
        using var pool = new IntraOpThreads(2);
        var error = Assert.Throws<AggregateException>(() => pool.Run(new Failing()));
        Assert.IsType<InvalidOperationException>(error.InnerException);
        var work = new Counting(2, slowPart: false);
        pool.Run(work);
        Assert.Equal([1, 1], work.Runs);
    }

    [Theory]
    [InlineData(3, 100, 1000)] // a step's own scratch: three parts of 112 (100 in whole lines)
    [InlineData(3, 100, 5000)] // a plan's scratch, sized for a larger step
    [InlineData(2, 16, 32)]
    public void PartsShareScratchInDisjointLinesInsideIt(int parts, int length, int scratchLength)
    {
        var partLength = IntraOpThreads.PartLength(length);
        Assert.Equal(0, partLength % 16);
        Assert.InRange(partLength, length, length + 15);
        var scratch = new float[Math.Max(scratchLength, parts * partLength)];
        var owner = new int[scratch.Length];
        for (var part = 0; part < parts; part++)
        {
            var share = IntraOpThreads.Share(scratch, part, parts, partLength);
            Assert.Equal(partLength, share.Length);
            share.Fill(part + 1);
        }
        // Each part's floats are its own: count them back.
        for (var part = 0; part < parts; part++) Assert.Equal(partLength, scratch.Count(v => v == part + 1));
        var starts = Enumerable.Range(0, parts).Select(part => Array.IndexOf(scratch, (float)(part + 1))).ToArray();
        Assert.All(starts, start => Assert.Equal(0, start % 16));
    }

    [Theory]
    [InlineData(10, 0, 3, 1, 0, 3)]
    [InlineData(10, 2, 3, 1, 6, 10)]
    [InlineData(10, 1, 2, 4, 4, 10)] // whole units of four: the second part starts at 4 (units 1-2 of 3)
    [InlineData(1, 0, 2, 4, 0, 0)]
    public void RangesSplitInWholeUnits(int total, int part, int parts, int unit, int start, int end) =>
        Assert.Equal((start, end), IntraOpThreads.Range(total, part, parts, unit));
}
