namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>A span's memory as a pointer and length, for the parts of a call while the caller keeps it fixed.</summary>
internal readonly unsafe struct FixedSpan<T>(T* start, int length) where T : unmanaged
{
    public Span<T> Span => new(start, length);
}

/// <summary>Work a kernel splits into parts (ranges of output channels or pixel rows) that may run at the same time.</summary>
internal interface IPartitioned
{
    void RunPart(int part, int parts);
}

/// <summary>
/// The threads one plan runs a step's parts on: the calling thread runs part 0 and each of <see cref="Count"/> − 1
/// workers one other part; <see cref="Run"/> returns when all are done. The workers are started once, with the plan,
/// and wait between calls, so a call allocates nothing. One call at a time, like the plan itself.
/// </summary>
internal sealed class IntraOpThreads : IDisposable
{
    /// <summary>No workers: every part runs on the caller.</summary>
    public static readonly IntraOpThreads None = new(1);

    private readonly ManualResetEventSlim[] _start;
    private readonly ManualResetEventSlim _done = new(false);
    private IPartitioned? _work;
    private int _pending;
    private Exception? _failure;
    private volatile bool _disposed;

    public IntraOpThreads(int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Threads must be at least 1.");
        Count = count;
        _start = [.. Enumerable.Range(1, count - 1).Select(_ => new ManualResetEventSlim(false))];
        for (var part = 1; part < count; part++)
        {
            var worker = new Thread(Work) { IsBackground = true, Name = $"managed engine {part}" };
            worker.Start(part);
        }
    }

    public int Count { get; }

    public void Run(IPartitioned work)
    {
        if (Count == 1)
        {
            work.RunPart(0, 1);
            return;
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        (_work, _pending, _failure) = (work, Count - 1, null);
        _done.Reset();
        foreach (var start in _start) start.Set();
        try
        {
            work.RunPart(0, Count);
        }
        finally
        {
            _done.Wait();
            _work = null;
        }
        if (_failure is { } failure) throw new AggregateException("A managed engine worker failed.", failure);
    }

    /// <summary>The range of <paramref name="total"/> items that part <paramref name="part"/> of <paramref name="parts"/> takes, in whole units of <paramref name="unit"/>.</summary>
    public static (int Start, int End) Range(int total, int part, int parts, int unit = 1)
    {
        var units = (total + unit - 1) / unit;
        var (start, end) = ((int)((long)units * part / parts) * unit, (int)((long)units * (part + 1) / parts) * unit);
        return (Math.Min(start, total), Math.Min(end, total));
    }

    private void Work(object? state)
    {
        var part = (int)state!;
        var start = _start[part - 1];
        while (true)
        {
            start.Wait();
            start.Reset();
            if (_disposed) return;
            try
            {
                _work!.RunPart(part, Count);
            }
            catch (Exception e)
            {
                _failure = e;
            }
            if (Interlocked.Decrement(ref _pending) == 0) _done.Set();
        }
    }

    public void Dispose()
    {
        if (Count == 1 || _disposed) return;
        _disposed = true;
        foreach (var start in _start) start.Set();
    }
}
