using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Model;

namespace EdgeSearch.Core.Inference;

/// <summary>
/// Embeds each image in every view its model's metadata asks for (<see cref="ModelInfo.Views"/>: the mirror image,
/// the quarter turns) and returns the sum of the views' embeddings, L2-normalised when the model's embedding is,
/// else their average. Every view of an image therefore gets the same embedding. Each chunk of images goes through
/// the inner engine as one batch of all their views. Buffers are allocated once; like the engines, it is not
/// thread-safe.
/// </summary>
public sealed class ViewAveragingEmbedder : IEmbedder
{
    private const int ChunkImages = 16;
    private readonly IEmbedder _inner;
    private readonly EmbeddingViews _views;
    private readonly bool _normalize;
    private readonly float[] _viewImages;
    private readonly float[] _viewEmbeddings;

    /// <param name="normalize">Whether the averaged embedding is L2-normalised (the model's embedding is).</param>
    public ViewAveragingEmbedder(IEmbedder inner, EmbeddingViews views, bool normalize)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (views.QuarterTurns && inner.InputShape.Height != inner.InputShape.Width)
            throw new ArgumentException($"Quarter turns need a square input; this model takes {inner.InputShape.Height}x{inner.InputShape.Width}.", nameof(views));
        _views = views;
        _normalize = normalize;
        _viewImages = new float[views.Count * ChunkImages * inner.InputShape.Length];
        _viewEmbeddings = new float[views.Count * ChunkImages * inner.EmbeddingDimension];
    }

    /// <summary><paramref name="engine"/> as the model's metadata asks every engine to run: averaged over views or as it is.</summary>
    public static IEmbedder For(ModelInfo info, IEmbedder engine) =>
        info.Views.Count > 1 ? new ViewAveragingEmbedder(engine, info.Views, info.EmbeddingNormalized) : engine;

    public string Backend => _inner.Backend;
    public InputShape InputShape => _inner.InputShape;
    public int EmbeddingDimension => _inner.EmbeddingDimension;

    public void Embed(ReadOnlySpan<float> images, int count, Span<float> embeddings)
    {
        var size = InputShape.Length;
        var dim = EmbeddingDimension;
        var views = _views.Count;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one image is needed.");
        if (images.Length < count * size)
            throw new ArgumentException($"{count} images of {InputShape} need {count * size} floats; {images.Length} were given.", nameof(images));
        if (embeddings.Length < count * dim)
            throw new ArgumentException($"{count} embeddings of {dim} floats need {count * dim} floats; {embeddings.Length} were given.", nameof(embeddings));

        for (var start = 0; start < count; start += ChunkImages)
        {
            var n = Math.Min(ChunkImages, count - start);
            // View-major: view v of image i sits at v·n + i, so view 0 is the chunk as it came.
            for (var view = 0; view < views; view++)
                for (var i = 0; i < n; i++)
                    View(view, images.Slice((start + i) * size, size), _viewImages.AsSpan((view * n + i) * size, size));
            _inner.Embed(_viewImages.AsSpan(0, views * n * size), views * n, _viewEmbeddings.AsSpan(0, views * n * dim));
            for (var i = 0; i < n; i++)
                Average(i, n, embeddings.Slice((start + i) * dim, dim));
        }
    }

    /// <summary>Writes view <paramref name="view"/> of a CHW image: its quarter turns, then those of its mirror image.</summary>
    private void View(int view, ReadOnlySpan<float> image, Span<float> target)
    {
        var (height, width) = (InputShape.Height, InputShape.Width);
        var plane = height * width;
        // Output pixel (y, x) of the image turned clockwise `turn` times (square when turn > 0) reads source pixel
        // origin + y·rowStep + x·columnStep; mirroring reads the row from its other end.
        var (origin, rowStep, columnStep) = (view % _views.Turns) switch
        {
            0 => (0, width, 1),
            1 => ((width - 1) * width, 1, -width),
            2 => (plane - 1, -width, -1),
            _ => (width - 1, -1, width),
        };
        if (view >= _views.Turns)
            (origin, columnStep) = (origin + (width - 1) * columnStep, -columnStep);
        for (var offset = 0; offset < image.Length; offset += plane)
        {
            var source = image.Slice(offset, plane);
            var output = target.Slice(offset, plane);
            for (var y = 0; y < height; y++)
            {
                var row = output.Slice(y * width, width);
                var start = origin + y * rowStep;
                // A row read along a source row is a copy, reversed when mirrored; a column is gathered.
                if (columnStep == 1) source.Slice(start, width).CopyTo(row);
                else if (columnStep == -1)
                {
                    source.Slice(start - width + 1, width).CopyTo(row);
                    row.Reverse();
                }
                else Gather(source, start, columnStep, row);
            }
        }
    }

    /// <summary>row[x] = source[start + x·step]; unchecked after one check of both ends (the gather runs on every pixel of every view).</summary>
    private static void Gather(ReadOnlySpan<float> source, int start, int step, Span<float> row)
    {
        var last = start + (row.Length - 1) * step;
        if (Math.Min(start, last) < 0 || Math.Max(start, last) >= source.Length) throw new ArgumentOutOfRangeException(nameof(start), "The view reads outside the image.");
        ref var first = ref MemoryMarshal.GetReference(source);
        for (var x = 0; x < row.Length; x++) row[x] = Unsafe.Add(ref Unsafe.AsRef(in first), start + x * step);
    }

    private void Average(int image, int chunk, Span<float> result)
    {
        var dim = EmbeddingDimension;
        _viewEmbeddings.AsSpan(image * dim, dim).CopyTo(result);
        for (var view = 1; view < _views.Count; view++)
            Elementwise.Transform<AddOperator>(Platform.Widest, result, _viewEmbeddings.AsSpan((view * chunk + image) * dim, dim), result);
        // Scaling does not change the direction, so a normalised embedding needs only the normalisation.
        var norm = _normalize ? MathF.Sqrt(Elementwise.Dot(Platform.Widest, result, result)) : _views.Count;
        Elementwise.Transform<MultiplyOperator>(Platform.Widest, result, norm == 0 ? 0f : 1f / norm, result);
    }

    public void Dispose() => _inner.Dispose();
}
