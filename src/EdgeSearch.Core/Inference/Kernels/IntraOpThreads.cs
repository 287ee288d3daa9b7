using System.Diagnostics;

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
/// The threads one plan runs a step's parts on: part i is thread i's (the caller's is part 0), so a part's scratch
/// (<see cref="Share"/>) stays in one core's cache from step to step. A thread that has run its own part claims any
/// part not yet started, so when a worker is slow to wake (its core busy with capture or another process) the caller
/// runs its part too instead of waiting for it; <see cref="Run"/> returns when every part is done. The workers are
/// started once, with the plan, and wait between calls, so a call allocates nothing. One call at a time, like the
/// plan itself.
/// <para>
/// Waits spin for up to a millisecond before they block, as ONNX Runtime's intra-op pool does: the steps of one
/// inference are tens of microseconds apart, and waking a blocked thread took longer than that on a virtual
/// machine, so blocking at every step made two threads slower than one. Between camera frames the workers sleep.
/// </para>
/// </summary>
internal sealed class IntraOpThreads : IDisposable
{
    /// <summary>No workers: every part runs on the caller.</summary>
    public static readonly IntraOpThreads None = new(1);

    /// <summary>Parts a call can have: one bit each in the claims.</summary>
    public const int MaxCount = 32;

    private static readonly long SpinTicks = Stopwatch.Frequency / 1000;

    private readonly ManualResetEventSlim[] _start;
    private readonly ManualResetEventSlim _done = new(false);
    private IPartitioned? _work;

    /// <summary>The call's generation (high half) and a bit per claimed part (low half): a late worker cannot claim a later call's part for an earlier call's work.</summary>
    private long _claims;

    private int _generation, _completed;
    private Exception? _failure;
    private volatile bool _disposed;

    public IntraOpThreads(int count)
    {
        if (count is < 1 or > MaxCount) throw new ArgumentOutOfRangeException(nameof(count), count, $"Threads must be from 1 to {MaxCount}.");
        Count = count;
        _start = [.. Enumerable.Range(1, count - 1).Select(_ => new ManualResetEventSlim(false))];
        for (var worker = 1; worker < count; worker++)
            new Thread(Work) { IsBackground = true, Name = "managed engine worker" }.Start((worker, _start[worker - 1]));
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
        RunParts(generation, work, own: 0);
        var spinner = new SpinWait();
        for (var until = Stopwatch.GetTimestamp() + SpinTicks; Volatile.Read(ref _completed) < Count; spinner.SpinOnce(sleep1Threshold: -1))
            if (Stopwatch.GetTimestamp() > until)
            {
                _done.Wait();
                break;
            }
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

    /// <summary>
    /// Floats <paramref name="part"/> may use of a step's <paramref name="scratch"/>: the same place in every step's
    /// call, since the plan passes each step all of its scratch, 64-byte aligned to the scratch's start.
    /// </summary>
    /// <param name="length">Floats the part needs: the step asks for <c>parts·<see cref="PartLength"/>(length)</c>.</param>
    public static Span<float> Share(Span<float> scratch, int part, int parts, int length) =>
        scratch.Slice(part * (scratch.Length / parts / 16 * 16), length);

    /// <summary>A part's length rounded up to whole 64-byte lines, so no two parts write one line.</summary>
    public static int PartLength(int length) => (length + 15) / 16 * 16;

    /// <summary>Runs part <paramref name="own"/> of call <paramref name="generation"/>, then any part no thread has claimed.</summary>
    private void RunParts(int generation, IPartitioned work, int own)
    {
        for (var i = 0; i < Count; i++)
        {
            var part = (own + i) % Count;
            if (!Claim(generation, part)) continue;
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

    private bool Claim(int generation, int part)
    {
        var bit = 1L << part;
        while (true)
        {
            var claims = Volatile.Read(ref _claims);
            if ((int)(claims >> 32) != generation || (claims & bit) != 0) return false;
            if (Interlocked.CompareExchange(ref _claims, claims | bit, claims) == claims) return true;
        }
    }

    private void Work(object? state)
    {
        var (part, start) = ((int, ManualResetEventSlim))state!;
        for (var seen = 0; ;)
        {
            var generation = AwaitCall(start, seen);
            if (_disposed) return;
            seen = generation;
            if (Volatile.Read(ref _work) is { } work) RunParts(generation, work, part);
        }
    }

    /// <summary>The generation of the first call after <paramref name="seen"/>, spun for and then waited for; any value once disposed.</summary>
    private int AwaitCall(ManualResetEventSlim start, int seen)
    {
        var spinner = new SpinWait();
        for (var until = Stopwatch.GetTimestamp() + SpinTicks; !_disposed; spinner.SpinOnce(sleep1Threshold: -1))
        {
            // A call writes its generation before it sets the start, so a call made after this read wakes the wait
            // below; the set a call found us spinning for is cleared, lest it end the next wait at once.
            var generation = (int)(Volatile.Read(ref _claims) >> 32);
            if (generation != seen)
            {
                start.Reset();
                return generation;
            }
            if (Stopwatch.GetTimestamp() <= until) continue;
            start.Wait();
            start.Reset();
            (spinner, until) = (new SpinWait(), Stopwatch.GetTimestamp() + SpinTicks);
        }
        return seen;
    }

    public void Dispose()
    {
        if (Count == 1 || _disposed) return;
        _disposed = true;
        foreach (var start in _start) start.Set();
    }
}
