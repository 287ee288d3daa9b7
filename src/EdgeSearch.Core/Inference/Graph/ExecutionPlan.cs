using System.Diagnostics;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Steps;

namespace EdgeSearch.Core.Inference.Graph;

/// <summary>
/// The model as a fixed list of steps over one preallocated arena and one shared scratch buffer. Running it
/// allocates nothing; batches above <see cref="MaxBatch"/> run in chunks. It owns the worker threads its kernels split
/// their work over.
/// </summary>
internal sealed class ExecutionPlan(PlannedStep[] steps, BatchedTensor input, BatchedTensor output, int arenaLength, int maxBatch, string description,
    IntraOpThreads threads) : IDisposable
{
    private readonly float[] _arena = new float[arenaLength];
    private readonly float[] _scratch = new float[steps.Length == 0 ? 0 : steps.Max(s => s.Step.ScratchLength)];

    public int MaxBatch => maxBatch;
    public BatchedTensor Input => input;
    public BatchedTensor Output => output;
    public string Description => description;

    /// <summary>The steps, for benchmarks and reports that time them one by one.</summary>
    internal IReadOnlyList<PlannedStep> Steps => steps;
    internal float[] Arena => _arena;
    internal float[] Scratch => _scratch;

    /// <param name="stepTicks">When not empty, one per step: the <see cref="System.Diagnostics.Stopwatch"/> ticks each took are added.</param>
    public void Run(ReadOnlySpan<float> images, int count, Span<float> results, Span<long> stepTicks = default)
    {
        var inLength = input.ItemLength;
        var outLength = output.ItemLength;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one image is needed.");
        if (images.Length < (long)count * inLength)
            throw new ArgumentException($"{count} images need {(long)count * inLength} floats; got {images.Length}.", nameof(images));
        if (results.Length < (long)count * outLength)
            throw new ArgumentException($"{count} embeddings need {(long)count * outLength} floats; got {results.Length}.", nameof(results));
        for (var start = 0; start < count; start += maxBatch)
        {
            var n = Math.Min(maxBatch, count - start);
            images.Slice(start * inLength, n * inLength).CopyTo(_arena.AsSpan(input.Offset, n * inLength));
            if (stepTicks.IsEmpty)
                foreach (var step in steps) step.Step.Run(_arena, n, _scratch);
            else RunTimed(n, stepTicks);
            _arena.AsSpan(output.Offset, n * outLength).CopyTo(results.Slice(start * outLength, n * outLength));
        }
    }

    private void RunTimed(int count, Span<long> stepTicks)
    {
        if (stepTicks.Length != steps.Length) throw new ArgumentException($"The plan has {steps.Length} steps, not {stepTicks.Length}.", nameof(stepTicks));
        for (var i = 0; i < steps.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            steps[i].Step.Run(_arena, count, _scratch);
            stepTicks[i] += Stopwatch.GetTimestamp() - start;
        }
    }

    public void Dispose() => threads.Dispose();
}
