using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Testing;
using Google.Protobuf;

namespace EdgeSearch.Cli.Tests.Fixtures;

/// <summary>
/// A tiny valid embedding model built by hand: image → Flatten → Gemm (random weights) → LpNormalization, with the
/// metadata a real model carries. <see cref="Embed"/> computes its output independently of both engines.
/// </summary>
public sealed class TinyModel
{
    public const float Mean = 0.5f;
    public const float Std = 0.25f;

    private TinyModel(string path, int height, int width, int dim, float[] weights, float[] bias)
    {
        Path = path;
        Height = height;
        Width = width;
        Dimension = dim;
        Weights = weights;
        Bias = bias;
    }

    public string Path { get; }
    public int Height { get; }
    public int Width { get; }
    public int Dimension { get; }
    public float[] Weights { get; }
    public float[] Bias { get; }
    public int Inputs => Height * Width;

    /// <summary>Writes a gray <paramref name="height"/>×<paramref name="width"/> model with <paramref name="dim"/>-d embeddings to <paramref name="path"/>.</summary>
    /// <param name="views">The views the model asks devices to average (its metadata).</param>
    public static TinyModel Write(string path, int height = 8, int width = 8, int dim = 16, int seed = 1, IReadOnlyList<string>? labels = null, EmbeddingViews views = default)
    {
        var random = new Random(seed);
        var inputs = height * width;
        var weights = Enumerable.Range(0, dim * inputs).Select(_ => (float)(random.NextDouble() * 2 - 1) / MathF.Sqrt(inputs)).ToArray();
        var bias = Enumerable.Range(0, dim).Select(_ => (float)(random.NextDouble() * 0.2 - 0.1)).ToArray();
        var info = new ModelInfo
        {
            Color = ColorMode.Gray,
            Channels = 1,
            Height = height,
            Width = width,
            Mean = [Mean],
            Std = [Std],
            EmbeddingDim = dim,
            Labels = labels ?? [],
            MirrorAveraged = views.Mirror,
            QuarterTurnAveraged = views.QuarterTurns,
        };

        var model = LinearEmbeddingModel.Build(info, weights, bias, "EdgeSearch.Cli.Tests");
        File.WriteAllBytes(path, model.ToByteArray());
        return new TinyModel(path, height, width, dim, weights, bias);
    }

    /// <summary>The embedding of one 8-bit image, computed in double precision from the formula.</summary>
    public float[] Embed(ReadOnlySpan<byte> pixels)
    {
        var x = new double[Inputs];
        for (var i = 0; i < Inputs; i++) x[i] = (pixels[i] / 255.0 - Mean) / Std;
        var y = new double[Dimension];
        for (var d = 0; d < Dimension; d++)
        {
            y[d] = Bias[d];
            for (var i = 0; i < Inputs; i++) y[d] += Weights[d * Inputs + i] * x[i];
        }
        var norm = Math.Sqrt(y.Sum(v => v * v));
        return y.Select(v => (float)(v / norm)).ToArray();
    }

    /// <summary>A float tensor with a symbolic batch "N" before <paramref name="dims"/>.</summary>
    public static ValueInfoProto Tensor(string name, params long[] dims) =>
        OnnxProto.FloatValue(name, [OnnxProto.Dim("N"), .. dims.Select(d => OnnxProto.Dim(d))]);
}
