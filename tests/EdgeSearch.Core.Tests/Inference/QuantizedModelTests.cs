using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Kernels.Int8;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Tests.Models;
using Google.Protobuf;
using static EdgeSearch.Core.Model.OnnxProto;

namespace EdgeSearch.Core.Tests.Inference;

/// <summary>QuantizeLinear/DequantizeLinear as plain operators, and the int8 plan on whole models.</summary>
public class QuantizedModelTests
{
    [Fact]
    public void QuantizeDequantizeRoundsHalfToEvenAndSaturates()
    {
        var g = new OnnxGraphBuilder(1, 2, 3);
        var q = new QdqGraph(g, new RandomTensors(1));
        var model = g.Build(g.Node("Flatten", [q.QuantizeDequantize(g.Input, 0.5f, 3)]), 6);
        // x/0.5 = 2.5 → 2, 3.5 → 4, −0.5 → 0, 400 → 127 after +3, −400 → −128; then (q − 3)·0.5.
        float[] input = [1.25f, 1.75f, -0.25f, 200f, -200f, 0.3f];
        float[] expected = [1f, 2f, 0f, 62f, -65.5f, 0.5f];
        Assert.Equal(expected, Embed(model, input, new ManagedEngineOptions()));
    }

    [Fact]
    public void PerChannelQuantizationOfActivations()
    {
        var g = new OnnxGraphBuilder(2, 1, 2);
        var scale = g.Weights("scale", [2], [0.5f, 0.25f]);
        var zero = g.Initializer(Int8Tensor("zero", [2], [1, -1]));
        var x = g.Node("QuantizeLinear", [g.Input, scale, zero], Int("axis", 1));
        x = g.Node("DequantizeLinear", [x, scale, zero], Int("axis", 1));
        var model = g.Build(g.Node("Flatten", [x]), 4);
        // channel 0 steps of 0.5, channel 1 steps of 0.25 (0.3 → 1.2 → 1 step; 0.1 → 0.4 → 0).
        Assert.Equal(new[] { 1f, -1f, 0.25f, 0f }, Embed(model, [0.9f, -1.1f, 0.3f, 0.1f], new ManagedEngineOptions()));
    }

    /// <summary>A float-weight Conv on a DequantizeLinear output runs unfused, in float, on the dequantized values.</summary>
    [Fact]
    public void UnfusedQdqRunsInFloat()
    {
        var random = new RandomTensors(6);
        var (weights, bias) = (random.Weights(6 * 4 * 9, 36), random.Uniform(6, 0.2f));
        ModelProto Model(bool quantized)
        {
            var g = new OnnxGraphBuilder(4, 7, 8);
            var x = quantized ? new QdqGraph(g, random).QuantizeDequantize(g.Input, 0.02f, -4) : g.Input;
            x = g.Node("Conv", [x, g.Weights("w", [6, 4, 3, 3], weights), g.Weights("b", [6], bias)], Ints("pads", 1, 1, 1, 1));
            return g.Build(g.Node("Flatten", [x]), 6 * 7 * 8);
        }
        var input = random.Uniform(4 * 7 * 8, 3f);
        var q = new QuantParams(0.02f, -4);
        var dequantized = input.Select(v => q.Dequantize(q.Quantize(v))).ToArray();
        Assert.Equal(Embed(Model(quantized: false), dequantized, new ManagedEngineOptions()), Embed(Model(quantized: true), input, new ManagedEngineOptions()));
    }

    /// <summary>
    /// Every int8 path, on one thread and on two, where a batch of two images is split between the threads (each image
    /// through every step on one, the int8 convolutions run alone), against the reference kernels.
    /// </summary>
    [Fact]
    public void EveryInt8PathGivesTheReferenceResultOnAModel()
    {
        var model = ConvPoolGemmModel();
        var input = new RandomTensors(4).Uniform(3 * 5 * 13 * 15, 2f);
        var expected = Embed(model, input, new ManagedEngineOptions { ReferenceKernels = true }, images: 3);
        foreach (var path in Platform.Int8Paths)
        foreach (var threads in new[] { 1, 2 })
            Assert.Equal(expected, Embed(model, input, new ManagedEngineOptions { Int8Path = path, MaxBatch = 2, Threads = threads }, images: 3));
    }

    [Fact]
    public void PlansInt8StepsWithoutRoundTrips()
    {
        using var embedder = new ManagedEmbedder(ConvPoolGemmModel());
        // Q of the input, conv + ReLU + requantize + max-pool, Gemm + requantize, the dequantized output.
        Assert.Contains("4 steps", embedder.Description);
        Assert.Contains("2 int8 steps", embedder.Description);
    }

    /// <summary>
    /// A float tensor quantized only to be read back in float (Q → DQ → a float operator) runs as one step, and gives
    /// what the two steps give: the same values with the reference kernels, per channel, four channels of 37 values
    /// (vectors and a remainder), ties and saturation among them.
    /// </summary>
    [Fact]
    public void QuantizedThenDequantizedFloatRunsAsOneStep()
    {
        var g = new OnnxGraphBuilder(4, 1, 37);
        float[] scales = [0.5f, 0.25f, 0.1f, 2f];
        int[] zeros = [1, -1, 0, 100];
        var scale = g.Weights("scale", [4], scales);
        var zero = g.Initializer(Int8Tensor("zero", [4], [.. zeros.Select(z => (sbyte)z)]));
        var x = g.Node("QuantizeLinear", [g.Input, scale, zero], Int("axis", 1));
        x = g.Node("DequantizeLinear", [x, scale, zero], Int("axis", 1));
        var model = g.Build(g.Node("Flatten", [g.Node("Relu", [x])]), 4 * 37);
        var input = new RandomTensors(9).Uniform(4 * 37, 40f).Select((v, i) => i % 5 == 0 ? (MathF.Round(v) + 0.5f) * 0.5f : v).ToArray();
        var expected = input.Select((v, i) => new QuantParams(scales[i / 37], zeros[i / 37])).Select((p, i) => Math.Max(p.Dequantize(p.Quantize(input[i])), 0f)).ToArray();
        Assert.Equal(expected, Embed(model, input, new ManagedEngineOptions()));
        Assert.Equal(expected, Embed(model, input, new ManagedEngineOptions { ReferenceKernels = true }));
        using var embedder = ManagedEmbedder.FromBytes(model.ToByteArray(), new ManagedEngineOptions());
        Assert.Contains("2 steps", embedder.Description);
    }

    [Fact]
    public void Uint8ActivationsAreRefusedByName()
    {
        var g = new OnnxGraphBuilder(1, 2, 2);
        var x = g.Node("QuantizeLinear", [g.Input, g.Weights("scale", [], [0.1f])]);
        var model = g.Build(g.Node("Flatten", [g.Node("DequantizeLinear", [x, "scale"])]), 4);
        var error = Assert.Throws<InvalidModelException>(() => new ManagedEmbedder(model));
        Assert.Contains("quantizelinear_0", error.Message);
        Assert.Contains("int8", error.Message);
    }

    /// <summary>Q → conv 3×3 (bias) → ReLU → Q → DQ → MaxPool → Q → DQ → Flatten → Gemm → Q → DQ.</summary>
    private static ModelProto ConvPoolGemmModel()
    {
        var g = new OnnxGraphBuilder(5, 13, 15);
        var q = new QdqGraph(g, new RandomTensors(2));
        var x = q.QuantizeDequantize(g.Input, 2f / 127, 3);
        x = q.QuantizeDequantize(g.Node("Relu", [q.Conv(x, 2f / 127, 5, 9, 3, bias: true, Ints("pads", 1, 1, 1, 1))]), 0.03f, -100);
        x = q.QuantizeDequantize(g.Node("MaxPool", [x], Ints("kernel_shape", 13, 15)), 0.03f, -100);
        x = q.QuantizeDequantize(q.Gemm(g.Node("Flatten", [x]), 0.03f, 9, 6, matMul: false), 0.05f, 2);
        return g.Build(x, 6);
    }

    private static float[] Embed(ModelProto model, float[] input, ManagedEngineOptions options, int images = 1)
    {
        using var embedder = ManagedEmbedder.FromBytes(model.ToByteArray(), options);
        var output = new float[images * embedder.EmbeddingDimension];
        embedder.Embed(input, images, output);
        return output;
    }

    private static TensorProto Int8Tensor(string name, long[] dims, sbyte[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom([.. values.Select(v => (byte)v)]) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
