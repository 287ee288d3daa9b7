using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Model;

namespace EdgeSearch.Core.Inference;

/// <summary>
/// Embeds each image and its mirror image (every row reversed) and returns the average of the two embeddings,
/// L2-normalised when the model's embedding is: what a model whose metadata sets
/// <see cref="ModelInfo.MirrorAveraged"/> asks of every engine. An image and its mirror image therefore get
/// the same embedding. Each chunk of images and their mirror images goes through the inner engine as one batch.
/// Buffers are allocated once; like the engines, it is not thread-safe.
/// </summary>
public sealed class MirrorAveragingEmbedder : IEmbedder
{
    private const int ChunkImages = 16;
    private readonly IEmbedder _inner;
    private readonly bool _normalize;
    private readonly float[] _pairs;
    private readonly float[] _pairEmbeddings;

    /// <param name="normalize">Whether the averaged embedding is L2-normalised (the model's embedding is).</param>
    public MirrorAveragingEmbedder(IEmbedder inner, bool normalize)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _normalize = normalize;
        _pairs = new float[2 * ChunkImages * inner.InputShape.Length];
        _pairEmbeddings = new float[2 * ChunkImages * inner.EmbeddingDimension];
    }

    /// <summary><paramref name="engine"/> as the model's metadata asks every engine to run: mirror-averaged or as it is.</summary>
    public static IEmbedder For(ModelInfo info, IEmbedder engine) =>
        info.MirrorAveraged ? new MirrorAveragingEmbedder(engine, info.EmbeddingNormalized) : engine;

    public string Backend => _inner.Backend;
    public InputShape InputShape => _inner.InputShape;
    public int EmbeddingDimension => _inner.EmbeddingDimension;

    public void Embed(ReadOnlySpan<float> images, int count, Span<float> embeddings)
    {
        var size = InputShape.Length;
        var dim = EmbeddingDimension;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one image is needed.");
        if (images.Length < count * size)
            throw new ArgumentException($"{count} images of {InputShape} need {count * size} floats; {images.Length} were given.", nameof(images));
        if (embeddings.Length < count * dim)
            throw new ArgumentException($"{count} embeddings of {dim} floats need {count * dim} floats; {embeddings.Length} were given.", nameof(embeddings));

        for (var start = 0; start < count; start += ChunkImages)
        {
            var n = Math.Min(ChunkImages, count - start);
            var chunk = images.Slice(start * size, n * size);
            chunk.CopyTo(_pairs);
            for (var i = 0; i < n; i++)
                Mirror(chunk.Slice(i * size, size), _pairs.AsSpan((n + i) * size, size), InputShape.Width);
            _inner.Embed(_pairs.AsSpan(0, 2 * n * size), 2 * n, _pairEmbeddings.AsSpan(0, 2 * n * dim));
            for (var i = 0; i < n; i++)
                Average(_pairEmbeddings.AsSpan(i * dim, dim), _pairEmbeddings.AsSpan((n + i) * dim, dim), embeddings.Slice((start + i) * dim, dim));
        }
    }

    /// <summary>Writes <paramref name="image"/> (CHW) with each row reversed.</summary>
    private static void Mirror(ReadOnlySpan<float> image, Span<float> mirrored, int width)
    {
        for (var row = 0; row < image.Length; row += width)
        {
            var target = mirrored.Slice(row, width);
            image.Slice(row, width).CopyTo(target);
            target.Reverse();
        }
    }

    private void Average(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> result)
    {
        Elementwise.Transform<AddOperator>(Platform.Widest, a, b, result);
        // Halving does not change the direction, so a normalised embedding needs only the normalisation.
        var norm = _normalize ? MathF.Sqrt(Elementwise.Dot(Platform.Widest, result, result)) : 2f;
        Elementwise.Transform<MultiplyOperator>(Platform.Widest, result, norm == 0 ? 0f : 1f / norm, result);
    }

    public void Dispose() => _inner.Dispose();
}
