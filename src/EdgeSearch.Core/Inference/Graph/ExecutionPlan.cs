using System.Diagnostics;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Steps;

namespace EdgeSearch.Core.Inference.Graph;

/// <summary>
/// The model as a fixed list of steps over one preallocated arena and one shared scratch buffer. Running it
/// allocates nothing; batches above <see cref="MaxBatch"/> run in chunks. It owns the worker threads its kernels split
/// their work over.
/// <para>
/// With more than one thread, a batch of two images or more (the views of one picture, or an enrolment's pictures)
/// is split between the threads instead, each running every step on its own images with its own share of the
/// scratch: no step waits for another thread, and no image's layers cross between cores, which on the measured
/// virtual machine moved data at about 5 GB/s. A single image, and plans with a step that cannot run images alone
/// (<see cref="Steps.IStep.RunsItemsAlone"/>: the quantized GlobalAveragePool), split each convolution's work instead.
/// </para>
/// </summary>
internal sealed class ExecutionPlan : IDisposable, IPartitioned
{
    private readonly PlannedStep[] _steps;
    private readonly BatchedTensor _input, _output;
    private readonly int _maxBatch;
    private readonly string _description;
    private readonly IntraOpThreads _threads;
    private readonly float[] _arena;
    private readonly float[] _scratch;
    /// <summary>Floats of scratch one thread's images use when the batch is split: every step's need, in whole 64-byte lines.</summary>
    private readonly int _itemScratch;
    private readonly bool _splitsBatches;
    // The images of the call, fixed while its parts run.
    private int _count;

    public ExecutionPlan(PlannedStep[] steps, BatchedTensor input, BatchedTensor output, int arenaLength, int maxBatch, string description, IntraOpThreads threads)
    {
        (_steps, _input, _output, _maxBatch, _description, _threads) = (steps, input, output, maxBatch, description, threads);
        _arena = new float[arenaLength];
        _itemScratch = IntraOpThreads.PartLength(steps.Length == 0 ? 0 : steps.Max(s => s.Step.ScratchLength));
        _splitsBatches = threads.Count > 1 && maxBatch > 1 && steps.All(s => s.Step.RunsItemsAlone);
        _scratch = new float[_splitsBatches ? threads.Count * _itemScratch : _itemScratch];
    }

    public int MaxBatch => _maxBatch;
    public BatchedTensor Input => _input;
    public BatchedTensor Output => _output;
    public string Description => _description;

    /// <summary>The steps, for benchmarks and reports that time them one by one.</summary>
    internal IReadOnlyList<PlannedStep> Steps => _steps;
    internal float[] Arena => _arena;
    internal float[] Scratch => _scratch;

    /// <param name="stepTicks">When not empty, one per step: the <see cref="System.Diagnostics.Stopwatch"/> ticks each took are added.</param>
    public void Run(ReadOnlySpan<float> images, int count, Span<float> results, Span<long> stepTicks = default)
    {
        var inLength = _input.ItemLength;
        var outLength = _output.ItemLength;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one image is needed.");
        if (images.Length < (long)count * inLength)
            throw new ArgumentException($"{count} images need {(long)count * inLength} floats; got {images.Length}.", nameof(images));
        if (results.Length < (long)count * outLength)
            throw new ArgumentException($"{count} embeddings need {(long)count * outLength} floats; got {results.Length}.", nameof(results));
        for (var start = 0; start < count; start += _maxBatch)
        {
            var n = Math.Min(_maxBatch, count - start);
            images.Slice(start * inLength, n * inLength).CopyTo(_arena.AsSpan(_input.Offset, n * inLength));
            if (!stepTicks.IsEmpty) RunTimed(n, stepTicks);
            else if (_splitsBatches && n > 1)
            {
                _count = n;
                _threads.Run(this);
            }
            else
                foreach (var step in _steps) step.Step.Run(_arena, n, _scratch);
            _arena.AsSpan(_output.Offset, n * outLength).CopyTo(results.Slice(start * outLength, n * outLength));
        }
    }

    private void RunTimed(int count, Span<long> stepTicks)
    {
        if (stepTicks.Length != _steps.Length) throw new ArgumentException($"The plan has {_steps.Length} steps, not {stepTicks.Length}.", nameof(stepTicks));
        for (var i = 0; i < _steps.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _steps[i].Step.Run(_arena, count, _scratch);
            stepTicks[i] += Stopwatch.GetTimestamp() - start;
        }
    }

    /// <summary>A share of the batch's images, through every step.</summary>
    public void RunPart(int part, int parts)
    {
        var (first, end) = IntraOpThreads.Range(_count, part, parts);
        if (first == end) return;
        var scratch = IntraOpThreads.Share(_scratch, part, parts, _itemScratch);
        foreach (var step in _steps) step.Step.RunItemsAlone(_arena, first, end - first, scratch);
    }

    public void Dispose() => _threads.Dispose();
}
