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
/// The threads one plan runs a step's parts on: the caller and <see cref="Count"/> − 1 workers claim the parts one
/// by one, so when a worker is slow to wake (its core busy with capture or another process) the caller runs its parts
/// too instead of waiting for it; <see cref="Run"/> returns when every part is done. The workers are started once,
/// with the plan, and wait between calls, so a call allocates nothing. One call at a time, like the plan itself.
/// </summary>
internal sealed class IntraOpThreads : IDisposable
{
    /// <summary>No workers: every part runs on the caller.</summary>
    public static readonly IntraOpThreads None = new(1);

    private readonly ManualResetEventSlim[] _start;
    private readonly ManualResetEventSlim _done = new(false);
    private IPartitioned? _work;

    /// <summary>The call's generation (high half) and its next unclaimed part (low half): a late worker cannot claim a later call's part for an earlier call's work.</summary>
    private long _claims;

    private int _generation, _completed;
    private Exception? _failure;
    private volatile bool _disposed;

    public IntraOpThreads(int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Threads must be at least 1.");
        Count = count;
        _start = [.. Enumerable.Range(1, count - 1).Select(_ => new ManualResetEventSlim(false))];
        foreach (var start in _start) new Thread(Work) { IsBackground = true, Name = "managed engine worker" }.Start(start);
        // The event makes its lock object the first time a wait blocks instead of spinning; block once here, so the
        // first call that has to wait for a slow worker allocates nothing.
        if (count > 1) _done.Wait(1);
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
        var generation = ++_generation;
        (_completed, _failure) = (0, null);
        _done.Reset();
        Volatile.Write(ref _work, work);
        Volatile.Write(ref _claims, (long)generation << 32);
        foreach (var start in _start) start.Set();
        RunParts(generation, work);
        _done.Wait();
        Volatile.Write(ref _work, null);
        if (_failure is { } failure) throw new AggregateException("A managed engine worker failed.", failure);
    }

    /// <summary>The range of <paramref name="total"/> items that part <paramref name="part"/> of <paramref name="parts"/> takes, in whole units of <paramref name="unit"/>.</summary>
    public static (int Start, int End) Range(int total, int part, int parts, int unit = 1)
    {
        var units = (total + unit - 1) / unit;
        var (start, end) = ((int)((long)units * part / parts) * unit, (int)((long)units * (part + 1) / parts) * unit);
        return (Math.Min(start, total), Math.Min(end, total));
    }

    /// <summary>Claims and runs parts of call <paramref name="generation"/> until none is left.</summary>
    private void RunParts(int generation, IPartitioned work)
    {
        while (true)
        {
            var claims = Volatile.Read(ref _claims);
            var part = (int)claims;
            if ((int)(claims >> 32) != generation || part >= Count) return;
            if (Interlocked.CompareExchange(ref _claims, claims + 1, claims) != claims) continue;
            try
            {
                work.RunPart(part, Count);
            }
            catch (Exception e)
            {
                _failure = e;
            }
            if (Interlocked.Increment(ref _completed) == Count) _done.Set();
        }
    }

    private void Work(object? state)
    {
        var start = (ManualResetEventSlim)state!;
        while (true)
        {
            start.Wait();
            start.Reset();
            if (_disposed) return;
            // The generation first: a call that starts after this read has another, and its parts stay unclaimable here.
            var generation = (int)(Volatile.Read(ref _claims) >> 32);
            if (Volatile.Read(ref _work) is { } work) RunParts(generation, work);
        }
    }

    public void Dispose()
    {
        if (Count == 1 || _disposed) return;
        _disposed = true;
        foreach (var start in _start) start.Set();
    }
}
