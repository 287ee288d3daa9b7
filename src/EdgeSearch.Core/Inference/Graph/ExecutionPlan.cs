using EdgeSearch.Core.Inference.Steps;

namespace EdgeSearch.Core.Inference.Graph;

/// <summary>
/// The model as a fixed list of steps over one preallocated arena and one shared scratch buffer. Running it
/// allocates nothing; batches above <see cref="MaxBatch"/> run in chunks.
/// </summary>
internal sealed class ExecutionPlan(IStep[] steps, BatchedTensor input, BatchedTensor output, int arenaLength, int maxBatch, string description)
{
    private readonly float[] _arena = new float[arenaLength];
    private readonly float[] _scratch = new float[steps.Length == 0 ? 0 : steps.Max(s => s.ScratchLength)];

    public int MaxBatch => maxBatch;
    public BatchedTensor Input => input;
    public BatchedTensor Output => output;
    public string Description => description;

    /// <summary>The steps, for benchmarks that time them one by one.</summary>
    internal IReadOnlyList<IStep> Steps => steps;
    internal float[] Arena => _arena;
    internal float[] Scratch => _scratch;

    public void Run(ReadOnlySpan<float> images, int count, Span<float> results)
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
            foreach (var step in steps) step.Run(_arena, n, _scratch);
            _arena.AsSpan(output.Offset, n * outLength).CopyTo(results.Slice(start * outLength, n * outLength));
        }
    }
}
