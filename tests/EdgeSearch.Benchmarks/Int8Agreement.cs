using System.Numerics.Tensors;
using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model;
using EdgeSearch.OnnxRuntime;

namespace EdgeSearch.Benchmarks;

/// <summary>
/// How often the managed engine and ONNX Runtime agree on a QDQ model where it matters for search: the fraction of
/// test images whose nearest neighbour (leave-one-out, in the test split, by cosine) is the same image in both.
/// </summary>
public static class Int8Agreement
{
    private const int Batch = 64;

    public static void Run(string modelPath, string dataset)
    {
        var file = ModelFile.Load(modelPath);
        var images = DatasetSpec.Parse(dataset).Load(DatasetSplit.Test, file.Info.ImageShape());
        var bytes = File.ReadAllBytes(modelPath);
        using var managed = ManagedEmbedder.FromBytes(bytes, new ManagedEngineOptions { MaxBatch = Batch });
        using var ort = new OrtEmbedder(bytes, new OrtEmbedderOptions { IntraOpThreads = 1, MaxBatch = Batch });
        var dim = file.Info.EmbeddingDim;
        var (a, b) = (Embed(managed, images, file.Info, dim), Embed(ort, images, file.Info, dim));
        var (na, nb) = (Nearest(a, dim), Nearest(b, dim));
        var same = na.Zip(nb).Count(p => p.First == p.Second);
        var gap = a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();
        Console.WriteLine($"{modelPath} on {dataset} (test, {images.Count} images): same nearest neighbour {same}/{images.Count} = {100.0 * same / images.Count:F2}%, "
            + $"max |managed − ort| per component {gap:g3}");
    }

    private static float[] Embed(IEmbedder embedder, ImageSet images, ModelInfo info, int dim)
    {
        var normalization = info.Normalization();
        var embeddings = new float[images.Count * dim];
        var input = new float[Batch * images.ImageSize];
        for (var start = 0; start < images.Count; start += Batch)
        {
            var n = Math.Min(Batch, images.Count - start);
            var batch = input.AsSpan(0, n * images.ImageSize);
            normalization.Apply(images, start, n, batch);
            embedder.Embed(batch, n, embeddings.AsSpan(start * dim, n * dim));
        }
        return embeddings;
    }

    /// <summary>Each row's most similar other row (the embeddings are unit length: the dot product is the cosine).</summary>
    private static int[] Nearest(float[] rows, int dim)
    {
        var count = rows.Length / dim;
        var nearest = new int[count];
        Parallel.For(0, count, i =>
        {
            var (best, bestScore) = (-1, float.NegativeInfinity);
            var row = rows.AsSpan(i * dim, dim);
            for (var j = 0; j < count; j++)
            {
                if (j == i) continue;
                var score = TensorPrimitives.Dot(row, rows.AsSpan(j * dim, dim));
                if (score > bestScore) (best, bestScore) = (j, score);
            }
            nearest[i] = best;
        });
        return nearest;
    }
}
