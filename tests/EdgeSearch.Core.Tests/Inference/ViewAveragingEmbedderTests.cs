using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Core.Tests.Inference;

public class ViewAveragingEmbedderTests
{
    private static readonly Hybrid1Shape Shape = new() { Channels = 3, Height = 9, Width = 7, Widths = [4, 4, 4, 4], Dimension = 6 };

    private static readonly EmbeddingViews Mirror = new(Mirror: true, QuarterTurns: false);

    private static ManagedEmbedder Engine() => new(Hybrid1Graph.Build(Shape, seed: 4));

    // A square input for quarter turns.
    private static readonly Hybrid1Shape Square = Shape with { Height = 8, Width = 8 };

    private static ManagedEmbedder SquareEngine() => new(Hybrid1Graph.Build(Square, seed: 5));

    private static float[] Embed(IEmbedder embedder, float[] images, int count)
    {
        var embeddings = new float[count * embedder.EmbeddingDimension];
        embedder.Embed(images, count, embeddings);
        return embeddings;
    }

    /// <summary>Each image with its columns reversed, by index arithmetic rather than the class's own helper.</summary>
    private static float[] Mirrored(float[] images)
    {
        var mirrored = new float[images.Length];
        for (var i = 0; i < images.Length; i++)
        {
            var column = i % Shape.Width;
            mirrored[i - column + Shape.Width - 1 - column] = images[i];
        }
        return mirrored;
    }

    /// <summary>Image by image, the sum of its embeddings in every view, L2-normalised, in double precision.</summary>
    private static float[] NormalisedSums(IReadOnlyList<float[]> views, int count, int dim)
    {
        var expected = new float[count * dim];
        for (var n = 0; n < count; n++)
        {
            var sum = Enumerable.Range(0, dim).Select(k => views.Sum(v => (double)v[n * dim + k])).ToArray();
            var norm = Math.Sqrt(sum.Sum(v => v * v));
            for (var k = 0; k < dim; k++) expected[n * dim + k] = (float)(sum[k] / norm);
        }
        return expected;
    }

    [Fact]
    public void GivesTheNormalisedSumOfTheImageAndItsMirrorImage()
    {
        const int count = 3;
        var images = new RandomTensors(1).Uniform(count * 3 * 9 * 7, 2f);
        using var engine = Engine();
        var plain = Embed(engine, images, count);
        var mirror = Embed(engine, Mirrored(images), count);
        using var averaged = new ViewAveragingEmbedder(Engine(), Mirror, normalize: true);

        Close.Equal(NormalisedSums([plain, mirror], count, Shape.Dimension), Embed(averaged, images, count), 1e-6f);
    }

    [Fact]
    public void WithoutNormalisationGivesTheMean()
    {
        var images = new RandomTensors(2).Uniform(3 * 9 * 7, 2f);
        using var engine = Engine();
        var plain = Embed(engine, images, 1);
        var mirror = Embed(engine, Mirrored(images), 1);
        using var averaged = new ViewAveragingEmbedder(Engine(), Mirror, normalize: false);
        Close.Equal(plain.Zip(mirror, (a, b) => (a + b) / 2).ToArray(), Embed(averaged, images, 1), 1e-6f);
    }

    [Fact]
    public void AnImageAndItsMirrorImageGetTheSameEmbedding()
    {
        var images = new RandomTensors(3).Uniform(2 * 3 * 9 * 7, 2f);
        using var averaged = new ViewAveragingEmbedder(Engine(), Mirror, normalize: true);
        Close.Equal(Embed(averaged, images, 2), Embed(averaged, Mirrored(images), 2), 1e-6f);
    }

    [Fact]
    public void ABatchOfManyChunksEmbedsAsImagesOneByOne()
    {
        const int count = 37; // more than two of the embedder's chunks, the last one partial
        var size = 3 * 9 * 7;
        var images = new RandomTensors(4).Uniform(count * size, 2f);
        using var averaged = new ViewAveragingEmbedder(Engine(), Mirror, normalize: true);
        var all = Embed(averaged, images, count);
        for (var i = 0; i < count; i++)
            Close.Equal(Embed(averaged, images[(i * size)..((i + 1) * size)], 1), all.AsSpan(i * Shape.Dimension, Shape.Dimension), 1e-6f, $"image {i}");
    }

    /// <summary>Each CHW image of <see cref="Square"/> turned clockwise a quarter: pixel (y, x) goes to (x, size-1-y).</summary>
    private static float[] Turned(float[] images)
    {
        var size = Square.Width;
        var turned = new float[images.Length];
        for (var i = 0; i < images.Length; i++)
        {
            var (plane, y, x) = (i / (size * size), i / size % size, i % size);
            turned[plane * size * size + x * size + size - 1 - y] = images[i];
        }
        return turned;
    }

    [Fact]
    public void QuarterTurnsGiveTheNormalisedSumOfTheFourTurns()
    {
        const int count = 3;
        var images = new RandomTensors(5).Uniform(count * 3 * 8 * 8, 2f);
        using var engine = SquareEngine();
        var turns = new List<float[]> { images };
        for (var t = 1; t < 4; t++) turns.Add(Turned(turns[^1]));
        var embedded = turns.Select(t => Embed(engine, t, count)).ToArray();
        using var averaged = new ViewAveragingEmbedder(SquareEngine(), new EmbeddingViews(Mirror: false, QuarterTurns: true), normalize: true);

        Close.Equal(NormalisedSums(embedded, count, Square.Dimension), Embed(averaged, images, count), 1e-6f);
        Assert.True(embedded.Skip(1).All(e => e.Zip(embedded[0]).Max(p => Math.Abs(p.First - p.Second)) > 1e-3f), "the turns embed alike, so the test could not fail");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryTurnOfAnImageGetsTheSameEmbedding(bool mirror)
    {
        var images = new RandomTensors(6).Uniform(2 * 3 * 8 * 8, 2f);
        using var averaged = new ViewAveragingEmbedder(SquareEngine(), new EmbeddingViews(mirror, QuarterTurns: true), normalize: true);
        var expected = Embed(averaged, images, 2);
        var turned = images;
        for (var t = 1; t < 4; t++)
        {
            turned = Turned(turned);
            Close.Equal(expected, Embed(averaged, turned, 2), 1e-5f, $"{t} quarter turns");
        }
    }

    [Fact]
    public void QuarterTurnsOfANonSquareInputAreRefused() =>
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => new ViewAveragingEmbedder(Engine(), new EmbeddingViews(false, true), normalize: true)).Message);

    [Fact]
    public void ShortBuffersAreRefusedWithTheirSizes()
    {
        using var averaged = new ViewAveragingEmbedder(Engine(), Mirror, normalize: true);
        var images = new float[2 * 3 * 9 * 7];
        var e = Assert.Throws<ArgumentException>(() => averaged.Embed(images, 3, new float[3 * 6]));
        Assert.Contains("378", e.Message);
        e = Assert.Throws<ArgumentException>(() => averaged.Embed(images, 2, new float[6]));
        Assert.Contains("12", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => averaged.Embed(images, 0, new float[6]));
    }

    [Fact]
    public void ReportsTheInnerEnginesShapeAndBackend()
    {
        using var averaged = new ViewAveragingEmbedder(Engine(), Mirror, normalize: true);
        Assert.Equal(ManagedEmbedder.BackendName, averaged.Backend);
        Assert.Equal(new InputShape(3, 9, 7), averaged.InputShape);
        Assert.Equal(6, averaged.EmbeddingDimension);
    }
}
