using System.Runtime.InteropServices;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Training.Export;
using EdgeSearch.Training.Model;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace EdgeSearch.Training.Tests.Export;

/// <summary>The int8 QDQ model as ONNX Runtime sees it: it runs, embeds like the fp32 model, and fuses into QLinearConv.</summary>
public sealed class QdqQuantizerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgesearch-int8-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Dictionary<string, Hybrid1Options> Variants = new()
    {
        ["involution on input"] = new() { InputHeight = 12, InputWidth = 12 },
        ["stem and involution"] = new() { UseStem = true, InputHeight = 12, InputWidth = 12 },
        ["no involution, relu"] = new() { UseInvolution = false, Activation = Activation.Relu, InputHeight = 12, InputWidth = 12 },
    };

    public static TheoryData<string, CalibrationKind> VariantsAndMethods()
    {
        var data = new TheoryData<string, CalibrationKind>();
        foreach (var variant in Variants.Keys)
            foreach (var method in Enum.GetValues<CalibrationKind>())
                data.Add(variant, method);
        return data;
    }

    public static TheoryData<string> VariantNames() => new(Variants.Keys);

    private static Calibration Method(CalibrationKind kind) => kind == CalibrationKind.MinMax ? Calibration.MinMax : Calibration.Percentiles(99.99);

    [Theory]
    [MemberData(nameof(VariantsAndMethods))]
    public void Int8EmbeddingsAreCloseToFp32InOnnxRuntime(string variant, CalibrationKind method)
    {
        var tiny = TinyFp32Model.Create(Variants[variant]);
        var int8 = tiny.Quantized(tiny.Images(perClass: 8, seed: 1), Method(method));
        var test = tiny.Images(perClass: 4, seed: 2);
        var input = tiny.Input(test);
        long[] shape = [test.Count, 1, test.Height, test.Width];

        var (fp32Embeddings, _) = OnnxRuntimeRun.Embed(tiny.Model.ToByteArray(), input, shape);
        var (int8Embeddings, int8Shape) = OnnxRuntimeRun.Embed(int8.ToByteArray(), input, shape);

        Assert.Equal([test.Count, tiny.Options.EmbeddingDim], int8Shape);
        var dim = tiny.Options.EmbeddingDim;
        var worst = Enumerable.Range(0, test.Count).Min(i => Cosine(fp32Embeddings.AsSpan(i * dim, dim), int8Embeddings.AsSpan(i * dim, dim)));
        output.WriteLine($"{variant}, {method}: lowest cosine(fp32, int8) {worst:F5}");
        Assert.True(worst > 0.99, $"{variant}, {method}: lowest cosine(fp32, int8) is {worst:F5}");
    }

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void OnnxRuntimeFusesEveryQuantizedConvIntoQLinearConv(string variant)
    {
        var tiny = TinyFp32Model.Create(Variants[variant]);
        var int8 = tiny.Quantized(tiny.Images(perClass: 2, seed: 1), Calibration.MinMax);
        var path = Path.Combine(_dir, "optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = path })
        using (new InferenceSession(int8.ToByteArray(), options)) { }

        var optimized = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var ops = optimized.Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{variant}: {string.Join(", ", ops.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value}"))}");
        var convs = tiny.Model.Graph.Node.Count(n => n.OpType == "Conv");
        Assert.Equal(convs, ops.GetValueOrDefault("QLinearConv"));
    }

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void WeightsAndBiasesAreStoredAsTheContractSays(string variant)
    {
        var tiny = TinyFp32Model.Create(Variants[variant]);
        var int8 = tiny.Quantized(tiny.Images(perClass: 2, seed: 1), Calibration.MinMax);
        var initializers = int8.Graph.Initializer.ToDictionary(t => t.Name);
        var producers = int8.Graph.Node.ToDictionary(n => n.Output.Single());
        var fp32Initializers = tiny.Model.Graph.Initializer.ToDictionary(t => t.Name);

        var quantizedNodes = int8.Graph.Node.Where(n => n.OpType is "Conv" or "Gemm").ToList();
        Assert.Equal(tiny.Model.Graph.Node.Count(n => n.OpType is "Conv" or "Gemm"), quantizedNodes.Count);
        foreach (var node in quantizedNodes)
        {
            var input = producers[node.Input[0]];
            Assert.Equal("DequantizeLinear", input.OpType);
            var inputScale = Floats(initializers[input.Input[1]]).Single();

            var (weight, weightScales, weightZeros) = Dequantizer(producers[node.Input[1]], initializers);
            Assert.Equal(TensorProto.Types.DataType.Int8, (TensorProto.Types.DataType)weight.DataType);
            Assert.All(weightZeros, z => Assert.Equal(0, z));
            var channels = weightScales.Length;
            Assert.Equal(weight.Dims[0], channels);
            // Dequantized, each weight is within half a step of the fp32 one, and the largest of each channel is ±127 steps.
            var fp32Name = node.Input[1][..^QdqQuantizer.DequantizedSuffix.Length];
            var original = Floats(fp32Initializers[fp32Name]);
            var values = MemoryMarshal.Cast<byte, sbyte>(weight.RawData.Span).ToArray();
            var perChannel = values.Length / channels;
            for (var c = 0; c < channels; c++)
            {
                Assert.Equal(original.Skip(c * perChannel).Take(perChannel).Max(Math.Abs) / 127, weightScales[c], 1e-6f);
                for (var i = c * perChannel; i < (c + 1) * perChannel; i++)
                    Assert.True(Math.Abs(values[i] * weightScales[c] - original[i]) <= weightScales[c] / 2 * 1.0001, $"{fp32Name}[{i}]");
            }

            var (bias, biasScales, biasZeros) = Dequantizer(producers[node.Input[2]], initializers);
            Assert.Equal(TensorProto.Types.DataType.Int32, (TensorProto.Types.DataType)bias.DataType);
            Assert.All(biasZeros, z => Assert.Equal(0, z));
            for (var c = 0; c < channels; c++)
                Assert.Equal(inputScale * weightScales[c], biasScales[c]);
        }
    }

    [Fact]
    public void NodesOutsideTheHybrid1FormAreRejectedByName()
    {
        var model = TinyFp32Model.Create(new Hybrid1Options { InputHeight = 8, InputWidth = 8 }).Model;
        model.Graph.Node.Single(n => n.Name == "pool").OpType = "GlobalLpPool";

        var e = Assert.Throws<ArgumentException>(() => QdqQuantizer.CalibratedTensors(model));
        Assert.Contains("'pool' (GlobalLpPool)", e.Message);
    }

    [Fact]
    public void AMissingRangeIsReportedByTensor()
    {
        var model = TinyFp32Model.Create(new Hybrid1Options { InputHeight = 8, InputWidth = 8 }).Model;
        var ranges = QdqQuantizer.CalibratedTensors(model).Where(t => t != "blocks.2.act").ToDictionary(t => t, _ => (-1f, 1f));

        var e = Assert.Throws<ArgumentException>(() => QdqQuantizer.Quantize(model, ranges));
        Assert.Contains("'blocks.2.act'", e.Message);
    }

    /// <summary>The integer tensor, scales and zero points behind a per-channel DequantizeLinear on axis 0.</summary>
    private static (TensorProto Values, float[] Scales, long[] ZeroPoints) Dequantizer(NodeProto node, Dictionary<string, TensorProto> initializers)
    {
        Assert.Equal("DequantizeLinear", node.OpType);
        Assert.Equal(0, Assert.Single(node.Attribute, a => a.Name == "axis").I);
        var zeroPoint = initializers[node.Input[2]];
        long[] zeros = zeroPoint.DataType == (int)TensorProto.Types.DataType.Int8
            ? MemoryMarshal.Cast<byte, sbyte>(zeroPoint.RawData.Span).ToArray().Select(v => (long)v).ToArray()
            : MemoryMarshal.Cast<byte, int>(zeroPoint.RawData.Span).ToArray().Select(v => (long)v).ToArray();
        return (initializers[node.Input[0]], Floats(initializers[node.Input[1]]), zeros);
    }

    private static float[] Floats(TensorProto tensor)
    {
        Assert.Equal(TensorProto.Types.DataType.Float, (TensorProto.Types.DataType)tensor.DataType);
        return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return dot / Math.Sqrt(aa * bb);
    }
}
