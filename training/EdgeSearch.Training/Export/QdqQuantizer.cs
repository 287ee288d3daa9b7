using System.Runtime.InteropServices;
using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Training.Export;

/// <summary>
/// Rewrites the fp32 Hybrid-1 graph into standard ONNX QDQ form (docs/model.md, "int8"): int8 per-channel weights and
/// int32 biases behind DequantizeLinear for every Conv and the Gemm, and a QuantizeLinear → DequantizeLinear pair on
/// each quantized activation right after the node that makes it, so ONNX Runtime fuses DQ → Conv → Q into QLinearConv.
/// </summary>
public static class QdqQuantizer
{
    public const string QuantizedSuffix = ".quantized";
    public const string DequantizedSuffix = ".dequantized";
    public const string ScaleSuffix = ".scale";
    public const string ZeroPointSuffix = ".zero_point";

    /// <summary>What becomes of a node's output, and whether an int8 engine computes the node itself in float.</summary>
    private enum Output { OwnRange, InputsQuantization, Float }

    private sealed record Rule(Output Output, bool RunsInFloat);

    private static Rule RuleFor(NodeProto node) => (node.Domain, node.OpType) switch
    {
        ("", "Conv") or ("", "GlobalAveragePool") => new(Output.OwnRange, RunsInFloat: false),
        // Max and reshaping keep every value, so the output reuses the input's scale (ONNX Runtime then runs them on int8).
        ("", "MaxPool") or ("", "GlobalMaxPool") or ("", "Flatten") => new(Output.InputsQuantization, RunsInFloat: false),
        ("", "Gelu") or ("", "Relu") => new(Output.OwnRange, RunsInFloat: true),
        // The involution's kernel generator and multiply-sum lose the most to int8; its output is quantized for the next Conv.
        (InvolutionFunction.Domain, InvolutionFunction.OpType) => new(Output.OwnRange, RunsInFloat: true),
        // The embedding stays float from the Gemm on: 64 values, and L2 normalisation magnifies errors of small ones.
        ("", "Gemm") => new(Output.Float, RunsInFloat: false),
        ("", "LpNormalization") => new(Output.Float, RunsInFloat: true),
        _ => throw new ArgumentException($"Node '{node.Name}' ({Describe(node)}) is not one the int8 Hybrid-1 form knows how to quantize."),
    };

    /// <summary>The tensors calibration must measure: the graph input and every output that gets its own range.</summary>
    public static IReadOnlyList<string> CalibratedTensors(ModelProto fp32) =>
        [fp32.Graph.Input.Single().Name, .. fp32.Graph.Node.Where(n => RuleFor(n).Output == Output.OwnRange).Select(n => n.Output.Single())];

    /// <summary>The op types computed in float between quantized tensors, in graph order (<c>quantization.float_ops</c>).</summary>
    public static IReadOnlyList<string> FloatOps(ModelProto fp32) =>
        fp32.Graph.Node.Where(n => RuleFor(n).RunsInFloat).Select(n => n.OpType).Distinct().ToList();

    /// <summary>The QDQ model; <paramref name="ranges"/> holds the calibrated range of every <see cref="CalibratedTensors"/> entry.</summary>
    public static ModelProto Quantize(ModelProto fp32, IReadOnlyDictionary<string, (float Min, float Max)> ranges)
    {
        var model = fp32.Clone();
        var graph = model.Graph;
        var nodes = graph.Node.ToList();
        graph.Node.Clear();
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var quantization = new Dictionary<string, ActivationQuantization>();
        // Each quantized tensor's consumers read its DequantizeLinear output instead.
        var readAs = new Dictionary<string, string>();
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet();

        void QuantizeActivation(string tensor, ActivationQuantization q)
        {
            quantization[tensor] = q;
            graph.Initializer.Add(OnnxProto.FloatTensor(tensor + ScaleSuffix, [q.Scale]));
            graph.Initializer.Add(QdqTensors.Int8(tensor + ZeroPointSuffix, [q.ZeroPoint]));
            graph.Node.Add(OnnxProto.Node("QuantizeLinear", tensor + QuantizedSuffix, [tensor, tensor + ScaleSuffix, tensor + ZeroPointSuffix]));
            graph.Node.Add(OnnxProto.Node("DequantizeLinear", tensor + DequantizedSuffix, [tensor + QuantizedSuffix, tensor + ScaleSuffix, tensor + ZeroPointSuffix]));
            readAs[tensor] = tensor + DequantizedSuffix;
        }

        ActivationQuantization Calibrated(string tensor) => ranges.TryGetValue(tensor, out var r)
            ? ActivationQuantization.FromRange(r.Min, r.Max)
            : throw new ArgumentException($"No calibrated range for tensor '{tensor}'.", nameof(ranges));

        var input = graph.Input.Single().Name;
        QuantizeActivation(input, Calibrated(input));
        foreach (var node in nodes)
        {
            var rule = RuleFor(node);
            var original = node.Input.ToArray();
            for (var i = 0; i < node.Input.Count; i++)
                if (readAs.TryGetValue(node.Input[i], out var dequantized)) node.Input[i] = dequantized;
            if (node.Domain == "" && node.OpType is "Conv" or "Gemm")
                QuantizeWeights(graph, node, original[0], quantization, initializers);
            graph.Node.Add(node);

            var output = node.Output.Single();
            if (rule.Output == Output.Float || graphOutputs.Contains(output)) continue;
            QuantizeActivation(output, rule.Output == Output.OwnRange ? Calibrated(output)
                : quantization.TryGetValue(original[0], out var q) ? q
                : throw new ArgumentException($"Node '{node.Name}' ({node.OpType}) keeps its input's quantization, but its input '{original[0]}' is not quantized."));
        }
        return model;
    }

    /// <summary>Replaces the node's float weight (and bias) initializers with int8 (int32) ones behind DequantizeLinear.</summary>
    private static void QuantizeWeights(GraphProto graph, NodeProto node, string input, Dictionary<string, ActivationQuantization> quantization,
        Dictionary<string, TensorProto> initializers)
    {
        if (node.OpType == "Gemm" && node.Attribute.SingleOrDefault(a => a.Name == "transB")?.I != 1)
            throw new ArgumentException($"Gemm '{node.Name}' must have transB=1 so that its weight's rows are its output channels.");
        if (!quantization.TryGetValue(input, out var inputQuantization))
            throw new ArgumentException($"{node.OpType} '{node.Name}' reads '{input}', which is not quantized.");
        if (node.Input.Count < 2 || !initializers.TryGetValue(node.Input[1], out var weight))
            throw new ArgumentException($"{node.OpType} '{node.Name}' has no weight initializer to quantize.");

        var channels = weight.Dims[0];
        var quantized = WeightQuantization.Quantize(weight.Name, FloatData(weight), channels);
        Replace(graph, weight, QdqTensors.Int8(weight.Name + QuantizedSuffix, quantized.Values, [.. weight.Dims]),
            quantized.Scales, QdqTensors.Int8(weight.Name + ZeroPointSuffix, new sbyte[channels], channels));
        node.Input[1] = weight.Name + DequantizedSuffix;

        if (node.Input.Count < 3) return;
        if (!initializers.TryGetValue(node.Input[2], out var bias))
            throw new ArgumentException($"{node.OpType} '{node.Name}' has a bias '{node.Input[2]}' that is not an initializer.");
        var scales = WeightQuantization.BiasScales(inputQuantization.Scale, quantized.Scales);
        Replace(graph, bias, QdqTensors.Int32(bias.Name + QuantizedSuffix, WeightQuantization.QuantizeBias(bias.Name, FloatData(bias), scales), channels),
            scales, QdqTensors.Int32(bias.Name + ZeroPointSuffix, new int[channels], channels));
        node.Input[2] = bias.Name + DequantizedSuffix;
    }

    /// <summary>Swaps a float initializer for its integer form and the per-channel (axis 0) DequantizeLinear that restores it.</summary>
    private static void Replace(GraphProto graph, TensorProto original, TensorProto quantized, float[] scales, TensorProto zeroPoints)
    {
        graph.Initializer.Remove(original);
        graph.Initializer.Add(quantized);
        graph.Initializer.Add(OnnxProto.FloatTensor(original.Name + ScaleSuffix, scales, scales.Length));
        graph.Initializer.Add(zeroPoints);
        graph.Node.Add(OnnxProto.Node("DequantizeLinear", original.Name + DequantizedSuffix,
            [quantized.Name, original.Name + ScaleSuffix, zeroPoints.Name], OnnxProto.Int("axis", 0)));
    }

    private static float[] FloatData(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
            throw new ArgumentException($"Initializer '{tensor.Name}' is not float (data type {tensor.DataType}).");
        var count = tensor.Dims.Aggregate(1L, (a, b) => a * b);
        float[] data = tensor.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray() : [.. tensor.FloatData];
        if (data.Length != count)
            throw new ArgumentException($"Initializer '{tensor.Name}' holds {data.Length} values but its shape [{string.Join(", ", tensor.Dims)}] needs {count}.");
        return data;
    }

    private static string Describe(NodeProto node) => node.Domain == "" ? node.OpType : $"{node.Domain}::{node.OpType}";
}
