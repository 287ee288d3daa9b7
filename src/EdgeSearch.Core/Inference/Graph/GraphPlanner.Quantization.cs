using EdgeSearch.Core.Inference.Kernels.Int8;
using EdgeSearch.Core.Inference.Steps;
using EdgeSearch.Core.Model.Onnx;
using DataType = EdgeSearch.Core.Model.Onnx.TensorProto.Types.DataType;

namespace EdgeSearch.Core.Inference.Graph;

// QuantizeLinear and DequantizeLinear as plain operators, and the int8 tensors between steps. A DequantizeLinear of
// an int8 tensor computes nothing at first: its float result is made (one DequantizeStep) only when a float
// operator reads it, so int8 operators chain without round trips; where a float tensor is quantized only to be read
// back in float, one FakeQuantizeStep replaces the two.
internal sealed partial class GraphPlanner
{
    /// <summary>Int8 tensors computed per call (QuantizeLinear outputs, int8 steps).</summary>
    private readonly Dictionary<string, QuantizedTensor> _int8 = [];

    /// <summary>DequantizeLinear outputs not yet made in float: the int8 tensor and the reading of it.</summary>
    private readonly Dictionary<string, QuantizedTensor> _dequantized = [];

    private readonly Dictionary<string, QuantizedConstant> _quantizedConstants = [];

    /// <summary>Each QuantizeLinear step of a float tensor, by its int8 output, and that float input.</summary>
    private readonly Dictionary<string, (PlannedStep Step, BatchedTensor Input)> _quantizeSteps = [];

    /// <summary>The int8 tensor each DequantizeLinear output reads.</summary>
    private readonly Dictionary<string, string> _dequantizedFrom = [];

    private bool IsInt8(string name) => _int8.ContainsKey(name) || _dequantized.ContainsKey(name);

    private QuantizedTensor AllocateInt8(int[] itemDims, float[] scales, int[] zeroPoints)
    {
        var tensor = new QuantizedTensor(itemDims, checked(_arenaLength * 4), scales, zeroPoints);
        _arenaLength = checked(_arenaLength + (tensor.ItemLength * _options.MaxBatch + 3) / 4);
        return tensor;
    }

    /// <summary>The float form of the node's inputs that are still int8, for an operator that reads floats.</summary>
    private void MaterializeInputs(NodeContext node)
    {
        foreach (var input in node.Node.Input) Materialize(input);
    }

    private void Materialize(string name)
    {
        if (_tensors.ContainsKey(name) || !_dequantized.TryGetValue(name, out var q)) return;
        var output = Allocate(q.ItemDims);
        if (FakeQuantization(name) is var (quantized, step, input))
        {
            // Nothing reads the int8 tensor but this: quantize and dequantize in float, in place of both steps.
            _steps.Remove(step);
            AddStep($"{step.Node}, dequantized", new FakeQuantizeStep(input, quantized, q, output, Int8Width(output.ItemLength)));
        }
        else AddStep($"dequantized '{name}'", new DequantizeStep(q, output));
        _tensors[name] = output;
    }

    /// <summary>
    /// The QuantizeLinear step, its int8 tensor and its float input behind DequantizeLinear output
    /// <paramref name="name"/>, when each of the two is read by one node alone (the dequantization, then the float
    /// operator now asking for it) and neither is a graph output.
    /// </summary>
    private (QuantizedTensor Quantized, PlannedStep Step, BatchedTensor Input)? FakeQuantization(string name)
    {
        if (!_dequantizedFrom.TryGetValue(name, out var source) || !_quantizeSteps.TryGetValue(source, out var quantize)) return null;
        bool ReadOnce(string tensor) => _consumers.GetValueOrDefault(tensor) == 1 && !_graphOutputs.Contains(tensor);
        return ReadOnce(source) && ReadOnce(name) ? (_int8[source], quantize.Step, quantize.Input) : null;
    }

    /// <summary>Scale, zero point (all zeros when absent) and axis (−1: per tensor) of a Q or DQ node.</summary>
    private (float[] Scales, long[] ZeroPoints, DataType Type, int Axis) ReadQuantization(NodeContext node, int[] dims)
    {
        var rank = dims.Length;
        node.RequireInputs(2, 3);
        if (node.Int("block_size", 0) != 0) throw node.Error("blocked quantization (block_size) is not supported.");
        var scale = Constant(node, 1, "scale");
        var scales = scale.RequireFloats($"{node.Label} scale");
        if (scales.Any(s => !(s > 0) || float.IsInfinity(s))) throw node.Error("scales must be positive and finite.");
        var zeroPoint = node.HasInput(2) ? Constant(node, 2, "zero point") : null;
        var zeroPoints = zeroPoint?.RequireIntegers($"{node.Label} zero point") ?? new long[scales.Length];
        if (zeroPoints.Length != scales.Length) throw node.Error($"scale has {scales.Length} values but the zero point {zeroPoints.Length}.");
        // QuantizeLinear without a zero point produces uint8, as the ONNX spec says.
        var type = zeroPoint?.IntegerType ?? DataType.Uint8;
        if (scale.Dims.Length == 0 || (scales.Length == 1 && scale.Dims.Length == 1)) return (scales, zeroPoints, type, -1);
        if (scale.Dims.Length != 1) throw node.Error($"scale must be a scalar or 1-D; it is {Shapes.Format(scale.Dims)}.");
        var axis = (int)node.Int("axis", 1);
        if (axis < -rank || axis >= rank) throw node.Error($"axis {axis} is out of range for rank {rank}.");
        if (axis < 0) axis += rank;
        if (scales.Length != dims[axis]) throw node.Error($"scale has {scales.Length} values; axis {axis} has {dims[axis]}.");
        return (scales, zeroPoints, type, axis);
    }

    private void PlanQuantizeLinear(NodeContext node)
    {
        var name = node.Node.Input[0];
        if (_constants.TryGetValue(name, out var constant))
        {
            var (scales, zeroPoints, type, axis) = ReadQuantization(node, constant.Dims);
            var values = constant.RequireFloats($"{node.Label} input");
            var (min, max) = type == DataType.Int8 ? (sbyte.MinValue, sbyte.MaxValue) : type == DataType.Uint8 ? (0, 255)
                : throw node.Error($"quantizing to data type {type} is not supported; only int8 and uint8 are.");
            var quantized = new long[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var k = AxisIndex(constant.Dims, axis, i);
                quantized[i] = Math.Clamp((long)MathF.Round(values[i] / scales[k]) + zeroPoints[k], min, max);
            }
            _constants[node.Node.Output[0]] = new ConstantTensor(constant.Dims, null, quantized) { IntegerType = type };
            return;
        }
        if (_int8.ContainsKey(name)) throw node.Error($"input '{name}' is already quantized; QuantizeLinear needs a float input.");
        var x = Batched(node, 0, "input X");
        var (s, z, t, a) = ReadQuantization(node, [1, .. x.ItemDims]);
        if (t != DataType.Int8) throw node.Error($"quantizes to {t}; the engine computes int8 only (give an int8 zero point).");
        AddStep(node.Label, new QuantizeStep(x, _int8[node.Node.Output[0]] = AllocateInt8(x.ItemDims, s, ChannelZeroPoints(node, z, a)), Int8Width(x.ItemLength)));
        _quantizeSteps[node.Node.Output[0]] = (_steps[^1], x);
    }

    private void PlanDequantizeLinear(NodeContext node)
    {
        var name = node.Node.Input[0];
        if (_constants.TryGetValue(name, out var constant))
        {
            var (scales, zeroPoints, type, axis) = ReadQuantization(node, constant.Dims);
            var values = constant.RequireIntegers($"{node.Label} input");
            var real = new float[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var k = AxisIndex(constant.Dims, axis, i);
                real[i] = (values[i] - zeroPoints[k]) * scales[k];
            }
            var output = node.Node.Output[0];
            _constants[output] = new ConstantTensor(constant.Dims, real, null);
            _quantizedConstants[output] = new QuantizedConstant(constant.Dims, values, constant.IntegerType, scales, zeroPoints, axis);
            return;
        }
        if (!_int8.TryGetValue(name, out var q))
            throw node.Error($"input '{name}' must be an int8 tensor (a QuantizeLinear output) or a constant.");
        var (s, z, _, a) = ReadQuantization(node, [1, .. q.ItemDims]);
        _dequantized[node.Node.Output[0]] = q with { Scales = s, ZeroPoints = ChannelZeroPoints(node, z, a) };
        _dequantizedFrom[node.Node.Output[0]] = name;
    }

    /// <summary>Per-tensor, or per channel (axis 1) — the two the channels-last int8 tensors can carry.</summary>
    private static int[] ChannelZeroPoints(NodeContext node, long[] zeroPoints, int axis)
    {
        if (axis is not (-1 or 1)) throw node.Error($"per-axis quantization of a computed tensor must be along the channels (axis 1), not axis {axis}.");
        if (zeroPoints.Any(z => z is < sbyte.MinValue or > sbyte.MaxValue)) throw node.Error("int8 zero points must lie in [-128, 127].");
        return [.. zeroPoints.Select(z => (int)z)];
    }

    /// <summary>Which scale element <paramref name="index"/> of a tensor of <paramref name="dims"/> takes.</summary>
    private static int AxisIndex(int[] dims, int axis, int index) =>
        axis < 0 ? 0 : index / Shapes.Product(dims.AsSpan(axis + 1)) % dims[axis];
}
