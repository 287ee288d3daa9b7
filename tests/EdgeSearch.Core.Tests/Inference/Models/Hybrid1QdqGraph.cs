using EdgeSearch.Core.Model.Onnx;
using static EdgeSearch.Core.Model.OnnxProto;

namespace EdgeSearch.Tests.Models;

/// <summary>
/// Hybrid-1 in the QDQ form the exporter writes (docs/model.md), with random weights: the input, the involution's,
/// every Conv's and activation's output quantized (the max-pools between equal quantizations); the involution,
/// GELU, GlobalAveragePool and L2 normalisation computed in float; the head a quantized Gemm with a float output. Activation scales are fixed guesses that suit unit-sized activations.
/// </summary>
public static class Hybrid1QdqGraph
{
    public static ModelProto Build(Hybrid1Shape shape, int seed)
    {
        var random = new RandomTensors(seed);
        var g = new OnnxGraphBuilder(shape.Channels, shape.Height, shape.Width);
        var q = new QdqGraph(g, random);
        var (scale, zero) = (3f / 127, 0);
        var x = q.QuantizeDequantize(g.Input, scale, zero);
        var channels = shape.Channels;
        if (shape.Involution)
        {
            x = Hybrid1Graph.Involution(g, random, x, channels, shape.Height, shape.Width, shape.Kernel, shape.Groups, Math.Max(channels / shape.Reduction, 1));
            (scale, zero) = (6f / 255, 0);
            x = q.QuantizeDequantize(x, scale, zero);
        }
        for (var i = 0; i < 4; i++)
        {
            var y = q.Conv(x, scale, channels, shape.Widths[i], 3, bias: true, Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1));
            y = q.QuantizeDequantize(y, 8f / 255, 0);
            y = shape.Activation == "Gelu" ? g.Node("Gelu", [y], String("approximate", "none")) : g.Node("Relu", [y]);
            // GELU ≥ −0.17: most of the int8 range above zero.
            (scale, zero) = (3f / 255, -100);
            x = q.QuantizeDequantize(y, scale, zero);
            channels = shape.Widths[i];
            if (i < 2) x = q.QuantizeDequantize(g.Node("MaxPool", [x], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)), scale, zero);
        }
        x = g.Node("Flatten", [g.Node("GlobalAveragePool", [x])], Int("axis", 1));
        (scale, zero) = (2f / 255, -100);
        x = q.QuantizeDequantize(x, scale, zero);
        x = q.Gemm(x, scale, channels, shape.Dimension, matMul: false);
        var model = g.Build(g.Node("LpNormalization", [x], Int("axis", 1), Int("p", 2)), shape.Dimension);
        model.MetadataProps.Add(new StringStringEntryProto { Key = "quantization", Value = "int8-qdq" });
        return model;
    }
}
