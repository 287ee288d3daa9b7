using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Tests.Models;
using Google.Protobuf;
using static EdgeSearch.Core.Model.OnnxProto;

namespace EdgeSearch.OnnxRuntime.Tests;

/// <summary>
/// The managed int8 engine against ONNX Runtime on hand-built QDQ models. Both compute the same integers up to
/// the last rounding: the managed step sums int8 products exactly and rounds (real accumulator) / output scale,
/// while ONNX Runtime either fuses into QLinearConv (accumulator × a precomputed scale ratio) or runs the float
/// convolution on dequantized values. The real values agree to a few float ulps, so a value within an ulp of a
/// rounding tie can land one step apart: every output may differ by at most one output quantization step.
/// </summary>
public class QdqParityTests
{
    private const float InputScale = 2f / 127;
    private const int InputZeroPoint = 3;
    private const float OutputScale = 0.04f;
    private const int OutputZeroPoint = -5;

    public static TheoryData<string> Models() =>
    [
        "Conv3x3Bias", "ConvStride2AsymmetricNoBias", "GroupConv", "ConvRelu", "ConvGelu", "ConvQuantizedGeluMaxPool", "ConvMaxPool", "ConvFloatOutput",
        "Gemm", "MatMul",
    ];

    [Theory]
    [MemberData(nameof(Models))]
    public void WithinOneOutputStep(string name)
    {
        var (model, step) = Build(name);
        var (expected, actual) = Run(model, images: 3);
        var difference = Close.MaxAbsDifference(expected, actual);
        Assert.True(difference <= step * 1.001f, $"max |ORT − managed| = {difference}, more than one step {step}");
        Assert.True(expected.Distinct().Count() > 8, "the output is nearly constant: the test would prove little");
    }

    /// <summary>
    /// A Hybrid-1-shaped int8 chain (conv + GELU, max-pools, GAP and Gemm in float/int8 mix, L2 norm). A one-step
    /// difference early can grow through the next layers, so the bound is on the embedding: cosine ≥ 0.999.
    /// </summary>
    [Theory]
    [InlineData("Chain")]
    [InlineData("ChainGlobalMax")]
    public void Hybrid1ShapedChainAgrees(string chain) => AssertCosine(Build(chain).Model, images: 4, dimension: 16);

    /// <summary>The global max runs on the int8 values, not on a float copy of the map.</summary>
    [Fact]
    public void GlobalMaxPoolRunsOnTheInt8Values()
    {
        using var managed = ManagedEmbedder.FromBytes(Build("ChainGlobalMax").Model.ToByteArray(), new ManagedEngineOptions());
        Assert.Contains(managed.Steps, s => s.Node.Contains("GlobalMaxPool") && s.Path.StartsWith("int8"));
    }

    /// <summary>The whole default Hybrid-1 in QDQ form (float involution, GAP and L2 norm among int8 steps).</summary>
    [Fact]
    public void Hybrid1QdqAgrees() => AssertCosine(Hybrid1QdqGraph.Build(new Hybrid1Shape(), seed: 3), images: 4, dimension: 64);

    private static void AssertCosine(ModelProto model, int images, int dimension)
    {
        var (expected, actual) = Run(model, images);
        for (var i = 0; i < images; i++)
        {
            var cosine = 0f;
            for (var j = i * dimension; j < (i + 1) * dimension; j++) cosine += expected[j] * actual[j];
            Assert.True(cosine >= 0.999f, $"image {i}: cosine {cosine}");
        }
    }

    private static (float[] Expected, float[] Actual) Run(ModelProto model, int images)
    {
        var bytes = model.ToByteArray();
        using var ort = new OrtEmbedder(bytes, new OrtEmbedderOptions { MaxBatch = 4 });
        using var managed = ManagedEmbedder.FromBytes(bytes, new ManagedEngineOptions { MaxBatch = 4 });
        Assert.Contains("int8 steps", managed.Description);
        var input = new RandomTensors(5).Uniform(images * ort.InputShape.Length, 2f);
        var expected = new float[images * ort.EmbeddingDimension];
        var actual = new float[expected.Length];
        ort.Embed(input, images, expected);
        managed.Embed(input, images, actual);
        return (expected, actual);
    }

    private static (ModelProto Model, float Step) Build(string name)
    {
        var random = new RandomTensors(name.Length * 17 + name[0]);
        var dense = name is "Gemm" or "MatMul";
        var (c, h, w) = dense ? (12, 1, 1) : name.StartsWith("Chain", StringComparison.Ordinal) ? (3, 16, 18) : (4, 9, 11);
        var g = new OnnxGraphBuilder(c, h, w);
        var q = new QdqGraph(g, random);
        var x = q.QuantizeDequantize(g.Input, InputScale, InputZeroPoint);
        string Requantize(string y) => q.QuantizeDequantize(y, OutputScale, OutputZeroPoint);
        var pads = Ints("pads", 1, 1, 1, 1);
        switch (name)
        {
            case "Conv3x3Bias":
                x = Requantize(q.Conv(x, InputScale, c, 6, 3, bias: true, pads));
                break;
            case "ConvStride2AsymmetricNoBias":
                x = Requantize(q.Conv(x, InputScale, c, 5, 3, bias: false, Ints("strides", 2, 2), Ints("pads", 1, 0, 0, 1)));
                break;
            case "GroupConv":
                x = Requantize(q.Conv(x, InputScale, c, 6, 3, bias: true, Int("group", 2), pads));
                break;
            case "ConvRelu":
                x = Requantize(g.Node("Relu", [q.Conv(x, InputScale, c, 6, 3, bias: true, pads)]));
                break;
            case "ConvGelu":
                x = Requantize(g.Node("Gelu", [q.Conv(x, InputScale, c, 6, 3, bias: true, pads)], String("approximate", "none")));
                break;
            case "ConvQuantizedGeluMaxPool": // the exporter's form: GELU in float between two quantizations
                x = q.QuantizeDequantize(q.Conv(x, InputScale, c, 6, 3, bias: true, pads), 0.05f, 7);
                x = Requantize(g.Node("Gelu", [x], String("approximate", "none")));
                x = Requantize(g.Node("MaxPool", [x], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)));
                break;
            case "ConvMaxPool":
                x = Requantize(q.Conv(x, InputScale, c, 6, 3, bias: true, pads));
                x = Requantize(g.Node("MaxPool", [x], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)));
                break;
            case "ConvFloatOutput":
                x = q.Conv(x, InputScale, c, 6, 3, bias: true, pads);
                break;
            case "Gemm" or "MatMul":
                x = Requantize(q.Gemm(g.Node("Flatten", [x]), InputScale, c, 7, matMul: name == "MatMul"));
                break;
            case "Chain" or "ChainGlobalMax":
                return (Chain(g, q, x, c, globalMax: name == "ChainGlobalMax"), 0f);
        }
        x = g.Node("Flatten", [x]);
        var model = g.Build(x, OutputDimension(name, c, h, w));
        return (model, name == "ConvFloatOutput" ? 1e-4f : OutputScale);
    }

    private static int OutputDimension(string name, int c, int h, int w) => name switch
    {
        "Gemm" or "MatMul" => 7,
        "ConvStride2AsymmetricNoBias" => 5 * ((h + 1 - 3) / 2 + 1) * ((w + 1 - 3) / 2 + 1),
        "ConvMaxPool" or "ConvQuantizedGeluMaxPool" => 6 * (h / 2) * (w / 2),
        _ => 6 * h * w,
    };

    /// <summary>
    /// Q/DQ input, two conv + GELU blocks with max-pools, GAP (its own scale) or global max pool (the input's scale, as
    /// the exporter writes it), Gemm, L2 normalisation.
    /// </summary>
    private static ModelProto Chain(OnnxGraphBuilder g, QdqGraph q, string x, int c, bool globalMax)
    {
        const float s1 = 0.03f, s2 = 0.02f, s3 = 0.01f;
        var pads = Ints("pads", 1, 1, 1, 1);
        var pool = new[] { Ints("kernel_shape", 2, 2), Ints("strides", 2, 2) };
        x = q.QuantizeDequantize(g.Node("Gelu", [q.Conv(x, InputScale, c, 8, 3, bias: true, pads)], String("approximate", "none")), s1, -10);
        x = q.QuantizeDequantize(g.Node("MaxPool", [x], pool), s1, -10);
        x = q.QuantizeDequantize(g.Node("Gelu", [q.Conv(x, s1, 8, 12, 3, bias: true, pads)], String("approximate", "none")), s2, -20);
        x = q.QuantizeDequantize(g.Node("MaxPool", [x], pool), s2, -20);
        var (pooled, scale) = globalMax
            ? (q.QuantizeDequantize(g.Node("Flatten", [q.QuantizeDequantize(g.Node("GlobalMaxPool", [x]), s2, -20)]), s2, -20), s2)
            : (q.QuantizeDequantize(g.Node("Flatten", [g.Node("GlobalAveragePool", [x])]), s3, 0), s3);
        x = q.QuantizeDequantize(q.Gemm(pooled, scale, 12, 16, matMul: false), 0.02f, 1);
        return g.Build(g.Node("LpNormalization", [x], Int("axis", 1), Int("p", 2)), 16);
    }
}
