using EdgeSearch.Core.Model.Onnx;
using Google.Protobuf;
using static EdgeSearch.Core.Model.OnnxProto;

namespace EdgeSearch.Tests.Models;

/// <summary>
/// Builds QDQ models the way ONNX Runtime's static quantizer writes them: int8 activations as QuantizeLinear →
/// DequantizeLinear pairs; conv and Gemm weights int8, symmetric, one scale per output channel; int32 bias in
/// units of input scale × weight scale.
/// </summary>
public sealed class QdqGraph(OnnxGraphBuilder graph, RandomTensors random)
{
    private int _next;

    public OnnxGraphBuilder Graph => graph;

    /// <summary>x → QuantizeLinear → DequantizeLinear; returns the DequantizeLinear output.</summary>
    public string QuantizeDequantize(string x, float scale, int zeroPoint) =>
        Dequantize(Quantize(x, scale, zeroPoint), scale, zeroPoint);

    public string Quantize(string x, float scale, int zeroPoint) =>
        graph.Node("QuantizeLinear", [x, Scale(scale), ZeroPoint(zeroPoint)]);

    public string Dequantize(string q, float scale, int zeroPoint) =>
        graph.Node("DequantizeLinear", [q, Scale(scale), ZeroPoint(zeroPoint)]);

    /// <summary>A Conv on the dequantized <paramref name="x"/> (scale <paramref name="inputScale"/>) with random quantized weights.</summary>
    public string Conv(string x, float inputScale, int inChannels, int outChannels, int kernel, bool bias, params AttributeProto[] attributes)
    {
        var group = (int)(attributes.FirstOrDefault(a => a.Name == "group")?.I ?? 1);
        var fanIn = inChannels / group * kernel * kernel;
        var (weights, scales) = Weights(random.Weights(outChannels * fanIn, fanIn), outChannels, [outChannels, inChannels / group, kernel, kernel], axis: 0);
        string[] inputs = bias ? [x, weights, Bias(inputScale, scales, [outChannels])] : [x, weights];
        return graph.Node("Conv", inputs, attributes);
    }

    /// <summary>Gemm(transB=1) with bias, or MatMul: B [outputs, k] or [k, outputs], one scale per output.</summary>
    public string Gemm(string x, float inputScale, int k, int outputs, bool matMul)
    {
        var values = random.Weights(outputs * k, k);
        if (matMul)
        {
            var transposed = new float[k * outputs];
            for (var j = 0; j < outputs; j++)
            for (var i = 0; i < k; i++) transposed[i * outputs + j] = values[j * k + i];
            var (b, _) = Weights(transposed, outputs, [k, outputs], axis: 1);
            return graph.Node("MatMul", [x, b]);
        }
        var (weights, scales) = Weights(values, outputs, [outputs, k], axis: 0);
        return graph.Node("Gemm", [x, weights, Bias(inputScale, scales, [outputs])], Int("transB", 1));
    }

    /// <summary>Symmetric per-channel int8 weights along <paramref name="axis"/> (0 or the last), through DequantizeLinear.</summary>
    private (string Output, float[] Scales) Weights(float[] values, int channels, long[] dims, int axis)
    {
        var scales = new float[channels];
        var stride = axis == 0 ? values.Length / channels : 1;
        int Channel(int i) => axis == 0 ? i / stride : i % channels;
        for (var i = 0; i < values.Length; i++) scales[Channel(i)] = MathF.Max(scales[Channel(i)], MathF.Abs(values[i]) / 127f);
        var q = new byte[values.Length];
        for (var i = 0; i < values.Length; i++) q[i] = (byte)(sbyte)Math.Clamp(MathF.Round(values[i] / scales[Channel(i)]), -127, 127);
        var name = $"w{_next++}";
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(q) };
        tensor.Dims.AddRange(dims);
        graph.Initializer(tensor);
        var scaleName = graph.Weights($"{name}_scale", [channels], scales);
        var zero = new TensorProto { Name = $"{name}_zero", DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(new byte[channels]) };
        zero.Dims.Add(channels);
        graph.Initializer(zero);
        return (graph.Node("DequantizeLinear", [name, scaleName, zero.Name], Int("axis", axis)), scales);
    }

    /// <summary>Random bias quantized to int32 with scale input scale × weight scale, through DequantizeLinear (axis 0).</summary>
    private string Bias(float inputScale, float[] weightScales, long[] dims)
    {
        var values = random.Uniform(weightScales.Length, 0.3f);
        var scales = weightScales.Select(s => inputScale * s).ToArray();
        var name = $"b{_next++}";
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int32 };
        tensor.Dims.AddRange(dims);
        tensor.Int32Data.AddRange(values.Select((v, j) => (int)MathF.Round(v / scales[j])));
        graph.Initializer(tensor);
        var scaleName = graph.Weights($"{name}_scale", [scales.Length], scales);
        return graph.Node("DequantizeLinear", [name, scaleName], Int("axis", 0));
    }

    private string Scale(float scale) => graph.Weights($"s{_next++}", [], [scale]);

    private string ZeroPoint(int zeroPoint)
    {
        var tensor = new TensorProto { Name = $"z{_next++}", DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom([(byte)(sbyte)zeroPoint]) };
        return graph.Initializer(tensor);
    }
}
