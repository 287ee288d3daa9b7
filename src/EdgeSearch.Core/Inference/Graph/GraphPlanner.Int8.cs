using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Kernels.Int8;
using EdgeSearch.Core.Inference.Steps;
using EdgeSearch.Core.Model.Onnx;
using DataType = EdgeSearch.Core.Model.Onnx.TensorProto.Types.DataType;

namespace EdgeSearch.Core.Inference.Graph;

// The int8 fusions, tried before a node is planned in float. DQ(x) + DQ(W int8) + DQ(b int32) → Conv, Gemm or
// MatMul (→ activation) (→ QuantizeLinear (→ DQ → activation → Q, as a table) (→ DQ → MaxPool → Q)) becomes one
// int8 step; a max-pool between two equal quantizations, a QuantizeLinear that repeats its input's quantization, Flatten and Identity stay on the int8 values.
// Whatever does not match runs in float on the dequantized values, so any QDQ model runs.
internal sealed partial class GraphPlanner
{
    private int _int8Steps;

    private Int8Path Int8Path => _options.ReferenceKernels ? Int8Path.Scalar : _options.Int8Path ?? Platform.Int8;

    /// <summary>Whether the int8 steps around the products (quantize, pool, sums) run in vectors.</summary>
    private bool Int8Simd => Int8Path != Int8Path.Scalar;

    /// <summary>The vector width of an int8 step over <paramref name="length"/> values: the plan's, unless int8 runs the reference.</summary>
    private VectorWidth? Int8Width(int length) => Int8Simd ? SimdWidth(length) : null;

    private bool TryPlanInt8(int index, NodeContext node)
    {
        if (node.Node.Domain is not ("" or "ai.onnx") || node.Node.Input.Count == 0
            || !_dequantized.TryGetValue(node.Node.Input[0], out var x) || node.Node.Output.Count != 1) return false;
        return node.Node.OpType switch
        {
            "Conv" => TryPlanInt8Conv(index, node, x),
            "Gemm" or "MatMul" => TryPlanInt8Gemm(index, node, x),
            "MaxPool" => TryPlanInt8MaxPool(index, node, x, dims => ReadPool(node, PoolKind.Max, dims)),
            // A window over the whole plane: the int8 maxima keep the input's scale, as the exporter writes it.
            "GlobalMaxPool" => TryPlanInt8MaxPool(index, node, x,
                dims => new PoolGeometry(PoolKind.Max, dims[0], dims[1], dims[2], dims[1], dims[2], 1, 1, 0, 0, 0, 0, false)),
            "GlobalAveragePool" when x.ItemDims.Length == 3 && !_tensors.ContainsKey(node.Node.Input[0]) => PlanInt8GlobalAveragePool(node, x),
            "QuantizeLinear" when x.PerTensor is { } p && PerTensorInt8(node.Node) == p => Alias(_int8, node, x),
            "Identity" => Alias(_dequantized, node, x),
            "Flatten" when x.LayoutFree && FlattensItems(node, x) => Alias(_dequantized, node, x with { ItemDims = [x.ItemLength] }),
            _ => false,
        };
    }

    /// <summary>Flatten at axis 1: each image becomes one row.</summary>
    private static bool FlattensItems(NodeContext node, QuantizedTensor x)
    {
        var axis = node.Int("axis", 1);
        return (axis < 0 ? axis + x.ItemDims.Length + 1 : axis) == 1;
    }

    /// <summary>GlobalAveragePool of a dequantised int8 tensor, summed in int8 (its float form is never made).</summary>
    private bool PlanInt8GlobalAveragePool(NodeContext node, QuantizedTensor x)
    {
        node.RequireInputs(1, 1);
        var output = Allocate([x.Channels, 1, 1]);
        AddStep(node.Label, new QuantizedGlobalAveragePoolStep(x, output, Int8Simd));
        _tensors[node.Node.Output[0]] = output;
        return true;
    }

    private static bool Alias(Dictionary<string, QuantizedTensor> into, NodeContext node, QuantizedTensor x)
    {
        into[node.Node.Output[0]] = x;
        return true;
    }

    private bool TryPlanInt8Conv(int index, NodeContext node, QuantizedTensor x)
    {
        node.RequireInputs(2, 3);
        if (x.PerTensor is not { } input || !_quantizedConstants.TryGetValue(node.Node.Input[1], out var w) || !w.IsSymmetric(DataType.Int8, 0))
            return false;
        var geometry = ReadConvGeometry(node, x.ItemDims, w.Dims);
        var m = geometry.OutChannels;
        var weightScales = w.ScalesAlong(m);
        if (Int8Bias(node, input, weightScales) is not { } bias) return false;
        var conv = new Int8Conv(geometry, [.. w.Values.Select(v => (sbyte)v)], bias, input, weightScales, Activation.None, null, null);
        PlanInt8(index, node, x, conv, [m, geometry.OutHeight, geometry.OutWidth]);
        return true;
    }

    /// <summary>Gemm (alpha = beta = 1, transA = 0) and MatMul on an [N, K] input: the 1×1 convolution of a 1×1 image.</summary>
    private bool TryPlanInt8Gemm(int index, NodeContext node, QuantizedTensor x)
    {
        var gemm = node.Node.OpType == "Gemm";
        node.RequireInputs(2, gemm ? 3 : 2);
        if (x.PerTensor is not { } input || x.ItemDims.Length != 1) return false;
        if (gemm && (node.Int("transA", 0) != 0 || node.Float("alpha", 1f) != 1f || node.Float("beta", 1f) != 1f)) return false;
        var transB = gemm && node.Int("transB", 0) != 0;
        if (!_quantizedConstants.TryGetValue(node.Node.Input[1], out var b) || b.Dims.Length != 2) return false;
        var k = x.ItemLength;
        var outputs = transB ? b.Dims[0] : b.Dims[1];
        if ((transB ? b.Dims[1] : b.Dims[0]) != k || !b.IsSymmetric(DataType.Int8, transB ? 0 : 1)) return false;
        var weights = new sbyte[outputs * k];
        for (var j = 0; j < outputs; j++)
        for (var i = 0; i < k; i++)
            weights[j * k + i] = (sbyte)(transB ? b.Values[j * k + i] : b.Values[i * outputs + j]);
        var weightScales = b.ScalesAlong(outputs);
        if (Int8Bias(node, input, weightScales) is not { } bias) return false;
        var geometry = new ConvGeometry(k, 1, 1, outputs, 1, 1, 1, 1, 0, 0, 0, 0, 1);
        PlanInt8(index, node, x, new Int8Conv(geometry, weights, bias, input, weightScales, Activation.None, null, null), [outputs]);
        return true;
    }

    /// <summary>
    /// Input 2 as int32 accumulator units: absent, or a DequantizeLinear of int32 whose scale is input scale ×
    /// weight scale (what the quantizer writes). Null when it is anything else, which leaves the node to float.
    /// </summary>
    private int[]? Int8Bias(NodeContext node, QuantParams input, float[] weightScales)
    {
        var m = weightScales.Length;
        if (!node.HasInput(2)) return new int[m];
        if (!_quantizedConstants.TryGetValue(node.Node.Input[2], out var b) || b.Values.Length != m
            || !b.IsSymmetric(DataType.Int32, b.Dims.Length - 1)) return null;
        var scales = b.ScalesAlong(m);
        for (var j = 0; j < m; j++)
            if (MathF.Abs(scales[j] - input.Scale * weightScales[j]) > 1e-5f * input.Scale * weightScales[j]) return null;
        return [.. b.Values.Select(v => (int)v)];
    }

    /// <summary>Adds the int8 step, fusing the activation, QuantizeLinear and a Q → DQ → MaxPool → Q that follow alone.</summary>
    private void PlanInt8(int index, NodeContext node, QuantizedTensor x, Int8Conv conv, int[] dims)
    {
        var fused = new List<int>();
        var (output, last) = (node.Node.Output[0], index);
        if (Follower(output, last, ActivationOps.Keys) is { } a)
        {
            conv = conv with { Activation = ReadActivation(new NodeContext(_nodes[a])) };
            fused.Add(a);
            (output, last) = (_nodes[a].Output[0], a);
        }
        QuantParams? stored = null; // the int8 output's quantization: after the table, if any
        if (Follower(output, last, "QuantizeLinear") is { } q && PerTensorInt8(_nodes[q]) is { } requantize)
        {
            conv = conv with { Output = requantize };
            fused.Add(q);
            output = _nodes[q].Output[0];
            // Q → DQ → activation → Q (the activation computed in float between two quantizations): a table.
            if (conv.Activation == Activation.None && ActivationChain(q, requantize) is [_, var actNode, var q1] tabled
                && PerTensorInt8(_nodes[q1]) is { } activated)
            {
                var activation = ReadActivation(new NodeContext(_nodes[actNode]));
                conv = conv with { Table = QuantizedRows.ActivationTable(activation, requantize, activated) };
                fused.AddRange(tabled);
                (q, requantize, output) = (q1, activated, _nodes[q1].Output[0]);
            }
            if (dims.Length == 3 && PoolChain(q, requantize) is [_, var poolNode, var q2] chain)
            {
                conv = conv with { Pool = ReadPool(new NodeContext(_nodes[poolNode]), PoolKind.Max, dims) };
                fused.AddRange(chain);
                output = _nodes[q2].Output[0];
            }
            stored = requantize;
        }

        var kernel = Int8KernelSelection.Conv(conv, Int8Path, SimdWidth(conv.Geometry.GroupOutChannels * conv.Geometry.OutPlane), _threads);
        int[] outputDims = conv.Pool is { } pool ? [pool.Channels, pool.OutHeight, pool.OutWidth] : dims;
        if (stored is { } r)
        {
            var tensor = _int8[output] = AllocateInt8(outputDims, [r.Scale], [r.ZeroPoint]);
            AddStep(node.Label, new Int8ConvStep(kernel, x, tensor, null), conv.Geometry.MultiplyAdds);
        }
        else
        {
            var tensor = _tensors[output] = Allocate(outputDims);
            AddStep(node.Label, new Int8ConvStep(kernel, x, null, tensor), conv.Geometry.MultiplyAdds);
        }
        foreach (var f in fused) _fused.Add(f);
        _int8Steps++;
    }

    /// <summary>The DQ → MaxPool → Q that alone follow QuantizeLinear <paramref name="q"/>, all with its quantization.</summary>
    private int[]? PoolChain(int q, QuantParams quantization) =>
        Follower(_nodes[q].Output[0], q, "DequantizeLinear") is { } dq && PerTensorInt8(_nodes[dq]) == quantization
        && Follower(_nodes[dq].Output[0], dq, "MaxPool") is { } pool
        && Follower(_nodes[pool].Output[0], pool, "QuantizeLinear") is { } q2 && PerTensorInt8(_nodes[q2]) == quantization
            ? [dq, pool, q2] : null;

    /// <summary>The DQ → Relu/Gelu → Q that alone follow QuantizeLinear <paramref name="q"/>, the DQ with its quantization.</summary>
    private int[]? ActivationChain(int q, QuantParams quantization) =>
        Follower(_nodes[q].Output[0], q, "DequantizeLinear") is { } dq && PerTensorInt8(_nodes[dq]) == quantization
        && Follower(_nodes[dq].Output[0], dq, ActivationOps.Keys) is { } activation
        && Follower(_nodes[activation].Output[0], activation, "QuantizeLinear") is { } next
            ? [dq, activation, next] : null;

    /// <summary>The standard single-output node of one of <paramref name="ops"/> that alone reads <paramref name="name"/>.</summary>
    private int? Follower(string name, int after, params IReadOnlyCollection<string> ops) =>
        SoleConsumer(name, after) is { } next && _nodes[next].Domain is "" or "ai.onnx" && ops.Contains(_nodes[next].OpType)
        && _nodes[next].Output.Count == 1 ? next : null;

    /// <param name="read">The pool's geometry from the input's [C, H, W].</param>
    private bool TryPlanInt8MaxPool(int index, NodeContext node, QuantizedTensor x, Func<int[], PoolGeometry> read)
    {
        if (x.PerTensor is not { } p || x.ItemDims.Length != 3 || Follower(node.Node.Output[0], index, "QuantizeLinear") is not { } q
            || PerTensorInt8(_nodes[q]) != p) return false;
        node.RequireInputs(1, 1);
        var pool = read(x.ItemDims);
        var output = _int8[_nodes[q].Output[0]] = AllocateInt8([pool.Channels, pool.OutHeight, pool.OutWidth], [p.Scale], [p.ZeroPoint]);
        AddStep(node.Label, new Int8MaxPoolStep(pool, x, output, Int8Simd));
        _fused.Add(q);
        _int8Steps++;
        return true;
    }

    /// <summary>The one int8 scale and zero point of a Q or DQ node whose parameters are known constants; else null.</summary>
    private QuantParams? PerTensorInt8(NodeProto node)
    {
        if (node.Input.Count < 3 || !_constants.TryGetValue(node.Input[1], out var scale) || !_constants.TryGetValue(node.Input[2], out var zero)
            || scale.Floats is not [var s] || zero.Integers is not [var z] || zero.IntegerType != DataType.Int8 || !(s > 0)) return null;
        return new QuantParams(s, (int)z);
    }
}
