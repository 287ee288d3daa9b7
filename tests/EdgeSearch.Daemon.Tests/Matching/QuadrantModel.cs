using System.Security.Cryptography;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Gallery;
using EdgeSearch.Testing;
using Google.Protobuf;

namespace EdgeSearch.Daemon.Tests.Matching;

/// <summary>
/// A real ONNX model small enough to check by hand: a 1×8×8 gray image (pixel/255) → Flatten → Gemm → LpNormalization.
/// The Gemm averages each 4×4 quadrant (top-left, top-right, bottom-left, bottom-right), so the embedding is the
/// unit vector of the four quadrant means, which <see cref="Embedding"/> computes independently.
/// </summary>
internal static class QuadrantModel
{
    public const int Size = 8, Dimension = 4;

    public static ModelInfo Info => new()
    {
        Color = ColorMode.Gray,
        Channels = 1,
        Height = Size,
        Width = Size,
        Mean = [0f],
        Std = [1f],
        EmbeddingDim = Dimension,
        Training = new Dictionary<string, string> { ["dataset"] = "hand-built quadrant means" },
    };

    /// <summary>Writes the model and returns its identity (the SHA-256 of the file, as a gallery records it).</summary>
    /// <param name="mirrorAveraged">Whether the model asks devices to average each image's embedding with its mirror image's.</param>
    public static ModelIdentity Write(string path, bool mirrorAveraged = false)
    {
        var bytes = Build(Info with { MirrorAveraged = mirrorAveraged }).ToByteArray();
        File.WriteAllBytes(path, bytes);
        return new ModelIdentity(Convert.ToHexStringLower(SHA256.HashData(bytes)), Dimension);
    }

    /// <summary>The embedding of an image whose quadrants have these uniform levels, from the definition rather than the model.</summary>
    public static float[] Embedding(byte[] quadrantLevels)
    {
        var means = quadrantLevels.Select(l => l / 255.0).ToArray();
        var norm = Math.Sqrt(means.Sum(m => m * m));
        return [.. means.Select(m => (float)(m / norm))];
    }

    /// <summary>
    /// <see cref="Embedding"/> averaged with its mirror image's: mirroring swaps the left and right quadrants, and the two
    /// embeddings have the same norm, so the normalised sum is the embedding of the left-right mean levels.
    /// </summary>
    public static float[] MirrorAveragedEmbedding(byte[] q)
    {
        double top = (q[0] + q[1]) / 2.0, bottom = (q[2] + q[3]) / 2.0;
        var norm = Math.Sqrt(2 * (top * top + bottom * bottom));
        return [(float)(top / norm), (float)(top / norm), (float)(bottom / norm), (float)(bottom / norm)];
    }

    public static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    private static ModelProto Build(ModelInfo info)
    {
        var weights = new float[Dimension * Size * Size];
        for (var q = 0; q < Dimension; q++)
            for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size; x++)
                    weights[(q * Size + y) * Size + x] = Quadrant(x, y) == q ? 1f / 16 : 0f;
        return LinearEmbeddingModel.Build(info, weights, new float[Dimension], "EdgeSearch.Daemon.Tests");
    }

    /// <summary>0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right.</summary>
    public static int Quadrant(int x, int y) => (y < Size / 2 ? 0 : 2) + (x < Size / 2 ? 0 : 1);
}
