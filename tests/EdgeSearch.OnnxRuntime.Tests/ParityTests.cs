using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Tests.Models;
using Google.Protobuf;
using static EdgeSearch.Core.Model.OnnxProto;

namespace EdgeSearch.OnnxRuntime.Tests;

/// <summary>The managed engine against ONNX Runtime on the same hand-built models: max |difference| ≤ 1e-4.</summary>
public class ParityTests
{
    private const float Tolerance = 1e-4f;

    /// <summary>One operator between the input and a Flatten, with random weights.</summary>
    public static TheoryData<string> SingleOps() =>
    [
        "Conv3x3", "ConvStride2Asymmetric", "ConvGroupedNoBias", "Conv1x1", "Involution", "InvolutionGroups", "Gelu", "Relu",
        "MaxPool", "AveragePoolPadded", "AveragePoolIncludePad", "GlobalAveragePool", "GlobalMaxPool", "GemmTransB", "GemmScaled", "MatMul",
        "AddPerChannel", "MulFull", "Reshape", "LpNormalization",
    ];

    [Theory]
    [MemberData(nameof(SingleOps))]
    public void SingleOperator(string op) => AssertParity(SingleOpModel(op), images: 3);

    public static TheoryData<Hybrid1Shape> Chains() =>
    [
        new Hybrid1Shape(),
        new Hybrid1Shape { Activation = "Relu", Width = 27, Height = 25 },
        new Hybrid1Shape { Channels = 3, Height = 20, Width = 23, Stem = true, Groups = 4, Widths = [8, 16, 16, 24], Dimension = 16 },
        new Hybrid1Shape { Kernel = 5, Groups = 1, Channels = 3, Widths = [8, 8, 8, 8], Dimension = 8 },
    ];

    [Theory]
    [MemberData(nameof(Chains))]
    public void Hybrid1Chain(Hybrid1Shape shape) => AssertParity(Hybrid1Graph.Build(shape, seed: 11), images: 10);

    private static void AssertParity(ModelProto model, int images)
    {
        var bytes = model.ToByteArray();
        using var ort = new OrtEmbedder(bytes, new OrtEmbedderOptions { MaxBatch = 4 });
        using var managed = ManagedEmbedder.FromBytes(bytes, new ManagedEngineOptions { MaxBatch = 4 });
        Assert.Equal(ort.InputShape, managed.InputShape);
        Assert.Equal(ort.EmbeddingDimension, managed.EmbeddingDimension);
        var input = new RandomTensors(5).Uniform(images * ort.InputShape.Length, 2f);
        var expected = new float[images * ort.EmbeddingDimension];
        var actual = new float[expected.Length];
        ort.Embed(input, images, expected);
        managed.Embed(input, images, actual);
        var difference = Close.MaxAbsDifference(expected, actual);
        Assert.True(difference <= Tolerance, $"max |ORT − managed| = {difference}");
        Assert.Contains(expected, v => v != 0f); // a model that outputs zeros would prove nothing
    }

    private static ModelProto SingleOpModel(string op)
    {
        var random = new RandomTensors(op.Length * 31 + op[0]);
        var (c, h, w) = op.StartsWith("Gemm") || op == "MatMul" ? (12, 1, 1) : (4, 9, 11);
        var g = new OnnxGraphBuilder(c, h, w);
        string Weights(string name, params int[] dims)
        {
            var length = dims.Aggregate(1, (a, b) => a * b);
            return g.Weights(name, dims, random.Weights(length, Math.Max(length / dims[0], 1)));
        }
        var x = g.Input;
        switch (op)
        {
            case "Conv3x3":
                x = g.Node("Conv", [x, Weights("w", 6, 4, 3, 3), Weights("b", 6)], Ints("pads", 1, 1, 1, 1));
                break;
            case "ConvStride2Asymmetric":
                x = g.Node("Conv", [x, Weights("w", 5, 4, 3, 2), Weights("b", 5)], Ints("strides", 2, 2), Ints("pads", 1, 0, 0, 1));
                break;
            case "ConvGroupedNoBias":
                x = g.Node("Conv", [x, Weights("w", 6, 2, 3, 3)], Int("group", 2), Ints("pads", 1, 1, 1, 1));
                break;
            case "Conv1x1":
                x = g.Node("Conv", [x, Weights("w", 7, 4, 1, 1), Weights("b", 7)]);
                break;
            case "Involution":
                x = Hybrid1Graph.Involution(g, random, x, c, h, w, 3, 1, 1);
                break;
            case "InvolutionGroups":
                x = Hybrid1Graph.Involution(g, random, x, c, h, w, 5, 2, 2);
                break;
            case "Gelu":
                x = g.Node("Gelu", [x], String("approximate", "none"));
                break;
            case "Relu":
                x = g.Node("Relu", [x]);
                break;
            case "MaxPool":
                x = g.Node("MaxPool", [x], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
                break;
            case "AveragePoolPadded":
                x = g.Node("AveragePool", [x], Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1));
                break;
            case "AveragePoolIncludePad":
                x = g.Node("AveragePool", [x], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Int("count_include_pad", 1));
                break;
            case "GlobalAveragePool" or "GlobalMaxPool":
                x = g.Node(op, [x]);
                break;
            case "GemmTransB":
                x = g.Node("Flatten", [x]);
                x = g.Node("Gemm", [x, Weights("w", 5, c), Weights("b", 5)], Int("transB", 1));
                break;
            case "GemmScaled":
                x = g.Node("Flatten", [x]);
                x = g.Node("Gemm", [x, Weights("w", c, 6), Weights("b", 1, 6)], Float("alpha", 0.5f), Float("beta", 2f));
                break;
            case "MatMul":
                x = g.Node("Flatten", [x]);
                x = g.Node("MatMul", [x, Weights("w", c, 9)]);
                break;
            case "AddPerChannel":
                x = g.Node("Add", [x, Weights("b", c, 1, 1)]);
                break;
            case "MulFull":
                x = g.Node("Mul", [Weights("s", 1, c, h, w), x]);
                break;
            case "Reshape":
                x = g.Node("Reshape", [x, g.Integers("shape", 0, -1, w)]);
                x = g.Node("Relu", [x]);
                break;
            case "LpNormalization":
                x = g.Node("LpNormalization", [x], Int("axis", 1), Int("p", 2));
                break;
            default:
                throw new ArgumentException(op);
        }
        x = g.Node("Flatten", [x]);
        var dimension = Dimension(op, c, h, w);
        return g.Build(x, dimension);
    }

    /// <summary>The flattened output size of each single-op model.</summary>
    private static int Dimension(string op, int c, int h, int w) => op switch
    {
        "Conv3x3" => 6 * h * w,
        "ConvStride2Asymmetric" => 5 * 5 * 6,
        "ConvGroupedNoBias" => 6 * h * w,
        "Conv1x1" => 7 * h * w,
        "MaxPool" => c * 4 * 5,
        "AveragePoolPadded" => c * 5 * 6,
        "GlobalAveragePool" or "GlobalMaxPool" => c,
        "GemmTransB" => 5,
        "GemmScaled" => 6,
        "MatMul" => 9,
        _ => c * h * w,
    };
}
