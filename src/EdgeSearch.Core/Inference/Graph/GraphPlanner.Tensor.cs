using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Steps;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Core.Inference.Graph;

// Activations, dense layers, elementwise arithmetic, shape ops and constants.
internal sealed partial class GraphPlanner
{
    private void PlanActivation(NodeContext node)
    {
        node.RequireInputs(1, 1);
        var activation = ReadActivation(node);
        var name = node.Node.Input[0];
        if (_constants.TryGetValue(name, out var constant))
        {
            var values = (float[])constant.RequireFloats($"{node.Label} input").Clone();
            Activations.Apply(activation, null, values, values);
            _constants[node.Node.Output[0]] = constant with { Floats = values };
            return;
        }
        var x = _tensors[name];
        AddStep(node, new ActivationKernel(activation, x.ItemLength, SimdWidth(x.ItemLength)), x, x.ItemDims, node.Node.Output[0]);
    }

    private void PlanGemm(NodeContext node)
    {
        node.RequireInputs(2, 3);
        var a = Batched(node, 0, "input A");
        var b = Constant(node, 1, "input B");
        if (node.Int("transA", 0) != 0) throw node.Error("transA=1 would transpose the batch dimension.");
        if (a.ItemDims.Length != 1) throw node.Error($"input A must be [N, K]; it is [N, {string.Join(", ", a.ItemDims)}].");
        if (b.Dims.Length != 2) throw node.Error($"input B must be 2-D; it is {Shapes.Format(b.Dims)}.");
        var transB = node.Int("transB", 0) != 0;
        var alpha = node.Float("alpha", 1f);
        var beta = node.Float("beta", 1f);
        var k = a.ItemDims[0];
        var outputs = transB ? b.Dims[0] : b.Dims[1];
        if ((transB ? b.Dims[1] : b.Dims[0]) != k)
            throw node.Error($"A is [N, {k}] but B{(transB ? "ᵀ" : "")} is {Shapes.Format(transB ? [b.Dims[1], b.Dims[0]] : b.Dims)}.");
        var weights = DenseWeights(b.RequireFloats($"{node.Label} B"), k, outputs, transB, alpha);
        var bias = new float[outputs];
        if (node.HasInput(2))
        {
            var c = Constant(node, 2, "input C");
            var values = c.RequireFloats($"{node.Label} C");
            if (c.Length == 1) Array.Fill(bias, values[0] * beta);
            else if (c.Length == outputs && (c.Dims.Length == 1 || (c.Dims.Length == 2 && c.Dims[0] == 1)))
                for (var j = 0; j < outputs; j++) bias[j] = values[j] * beta;
            else throw node.Error($"C {Shapes.Format(c.Dims)} must broadcast per output ([{outputs}] or [1, {outputs}]).");
        }
        AddStep(node, new DenseKernel(new Dense(k, outputs, weights, bias), 1, SimdWidth(k)), a, [outputs], node.Node.Output[0], (long)k * outputs);
    }

    private void PlanMatMul(NodeContext node)
    {
        node.RequireInputs(2, 2);
        var a = Batched(node, 0, "input A");
        var b = Constant(node, 1, "input B");
        if (b.Dims.Length != 2) throw node.Error($"input B must be a 2-D constant; it is {Shapes.Format(b.Dims)}.");
        var k = a.ItemDims.Length == 0 ? 0 : a.ItemDims[^1];
        if (b.Dims[0] != k) throw node.Error($"A ends in {k} but B is {Shapes.Format(b.Dims)}.");
        var outputs = b.Dims[1];
        var weights = DenseWeights(b.RequireFloats($"{node.Label} B"), k, outputs, transposed: false, 1f);
        var rows = a.ItemLength / k;
        int[] dims = [.. a.ItemDims[..^1], outputs];
        AddStep(node, new DenseKernel(new Dense(k, outputs, weights, new float[outputs]), rows, SimdWidth(k)), a, dims, node.Node.Output[0], (long)k * outputs * rows);
    }

    /// <summary>Repacks B into [outputs, inputs] rows (scaled by alpha) once, so every output is one dot product.</summary>
    private static float[] DenseWeights(float[] b, int inputs, int outputs, bool transposed, float alpha)
    {
        var weights = new float[inputs * outputs];
        for (var j = 0; j < outputs; j++)
        for (var i = 0; i < inputs; i++)
            weights[j * inputs + i] = alpha * (transposed ? b[j * inputs + i] : b[i * outputs + j]);
        return weights;
    }

    private void PlanBinary<TOp>(NodeContext node) where TOp : IBinaryOperator
    {
        node.RequireInputs(2, 2);
        var (leftName, rightName) = (node.Node.Input[0], node.Node.Input[1]);
        _constants.TryGetValue(leftName, out var leftConstant);
        _constants.TryGetValue(rightName, out var rightConstant);
        var left = ItemShape(node, leftName);
        var right = ItemShape(node, rightName);
        var dims = Shapes.Broadcast(left, right)
            ?? throw node.Error($"shapes {Shapes.Format(left)} and {Shapes.Format(right)} do not broadcast.");
        var broadcast = new Broadcast(dims, Shapes.Align(left, dims.Length), Shapes.Align(right, dims.Length));
        if (leftConstant is not null && rightConstant is not null)
        {
            var folded = new float[broadcast.Length];
            broadcast.RunReference<TOp>(leftConstant.RequireFloats(node.Label), rightConstant.RequireFloats(node.Label), folded);
            _constants[node.Node.Output[0]] = new ConstantTensor(dims, folded, null);
            return;
        }
        var output = Allocate(dims);
        AddStep(node.Label, new BinaryStep<TOp>(broadcast, Operand(node, leftName), Operand(node, rightName), output, SimdWidth(broadcast.Run)));
        _tensors[node.Node.Output[0]] = output;
    }

    /// <summary>
    /// The per-image shape of an operand. A constant of full rank must have a batch dim of 1, which is dropped;
    /// a lower-rank constant aligns to the image dims from the right.
    /// </summary>
    private int[] ItemShape(NodeContext node, string name)
    {
        if (_tensors.TryGetValue(name, out var tensor)) return tensor.ItemDims;
        var constant = _constants[name];
        var batchedRank = _tensors.TryGetValue(node.Node.Input[0], out var t0) ? t0.ItemDims.Length + 1
            : _tensors.TryGetValue(node.Node.Input[1], out var t1) ? t1.ItemDims.Length + 1 : 0;
        if (batchedRank > 0 && constant.Dims.Length >= batchedRank)
        {
            if (constant.Dims.Length > batchedRank || constant.Dims[0] != 1)
                throw node.Error($"constant '{name}' {Shapes.Format(constant.Dims)} would change the batch dimension.");
            return constant.Dims[1..];
        }
        return constant.Dims;
    }

    private Operand Operand(NodeContext node, string name) =>
        _tensors.TryGetValue(name, out var tensor) ? new Operand(null, tensor) : new Operand(_constants[name].RequireFloats($"{node.Label} input '{name}'"), null);

    private void PlanReshape(NodeContext node)
    {
        node.RequireInputs(2, 2);
        var shape = Constant(node, 1, "shape").RequireIntegers($"{node.Label} shape");
        if (node.Int("allowzero", 0) != 0 && shape.Contains(0)) throw node.Error("allowzero=1 with a 0 in the shape is not supported.");
        var name = node.Node.Input[0];
        if (_constants.TryGetValue(name, out var constant))
        {
            _constants[node.Node.Output[0]] = constant with { Dims = Reshaped(node, constant.Dims, shape) };
            return;
        }
        var x = _tensors[name];
        if (shape.Length == 0 || shape[0] is not (0 or -1))
            throw node.Error($"the target shape must keep the batch dimension (start with 0 or -1), not [{string.Join(", ", shape)}].");
        // Solve the target for one image: the batch dim stays, every other entry resolves against the image dims.
        var full = Reshaped(node, [1, .. x.ItemDims], [1, .. shape[1..]]);
        Alias(node, x, full[1..]);
    }

    private static int[] Reshaped(NodeContext node, int[] input, long[] shape)
    {
        var dims = new int[shape.Length];
        var inferred = -1;
        long known = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            var s = shape[i];
            if (s == -1)
            {
                if (inferred >= 0) throw node.Error("the shape has more than one -1.");
                inferred = i;
                continue;
            }
            if (s == 0)
            {
                if (i >= input.Length) throw node.Error($"shape entry {i} is 0 but the input has rank {input.Length}.");
                s = input[i];
            }
            if (s < 0 || s > int.MaxValue) throw node.Error($"shape entry {shape[i]} is invalid.");
            dims[i] = (int)s;
            known *= s;
        }
        var total = Shapes.Product(input);
        if (inferred >= 0)
        {
            if (known == 0 || total % known != 0) throw node.Error($"cannot reshape {Shapes.Format(input)} to [{string.Join(", ", shape)}].");
            dims[inferred] = (int)(total / known);
        }
        if (Shapes.Product(dims) != total) throw node.Error($"cannot reshape {Shapes.Format(input)} ({total} values) to {Shapes.Format(dims)}.");
        return dims;
    }

    private void PlanFlatten(NodeContext node)
    {
        node.RequireInputs(1, 1);
        var x = Batched(node, 0, "input");
        var axis = node.Int("axis", 1);
        if (axis < 0) axis += x.ItemDims.Length + 1;
        if (axis != 1) throw node.Error($"axis {node.Int("axis", 1)} would mix the batch dimension; only axis 1 is supported.");
        Alias(node, x, [x.ItemLength]);
    }

    private void PlanIdentity(NodeContext node)
    {
        node.RequireInputs(1, 1);
        var name = node.Node.Input[0];
        if (_constants.TryGetValue(name, out var constant)) _constants[node.Node.Output[0]] = constant;
        else Alias(node, _tensors[name], _tensors[name].ItemDims);
    }

    /// <summary>Shape-only ops share their input's memory: no step, no copy.</summary>
    private void Alias(NodeContext node, BatchedTensor x, int[] itemDims) =>
        _tensors[node.Node.Output[0]] = x with { ItemDims = itemDims };

    private void PlanConstant(NodeContext node)
    {
        var output = node.Node.Output.Count == 1 ? node.Node.Output[0] : throw node.Error("must have one output.");
        ConstantTensor value;
        if (node.Attribute("value") is { } tensor) value = ConstantTensor.Read(tensor.T ?? throw node.Error("'value' holds no tensor."), node.Label);
        else if (node.Attribute("value_float") is { } f) value = new ConstantTensor([], [f.F], null);
        else if (node.Attribute("value_floats") is { } fs) value = new ConstantTensor([fs.Floats.Count], [.. fs.Floats], null);
        else if (node.Attribute("value_int") is { } i) value = new ConstantTensor([], null, [i.I]);
        else if (node.Attribute("value_ints") is { } ints) value = new ConstantTensor([ints.Ints.Count], null, [.. ints.Ints]);
        else throw node.Error("has no supported value attribute.");
        _constants[output] = value;
    }

    private void PlanLpNormalization(NodeContext node)
    {
        node.RequireInputs(1, 1);
        var x = Batched(node, 0, "input");
        var p = (int)node.Int("p", 2);
        if (p is not (1 or 2)) throw node.Error($"p must be 1 or 2, not {p}.");
        var rank = x.ItemDims.Length + 1;
        var axis = node.Int("axis", -1);
        if (axis < 0) axis += rank;
        if (axis < 1 || axis >= rank) throw node.Error($"axis {node.Int("axis", -1)} must name a non-batch dimension of a rank-{rank} input.");
        var item = (int)axis - 1;
        var norm = new LpNormalization(Shapes.Product(x.ItemDims.AsSpan(0, item)), x.ItemDims[item], Shapes.Product(x.ItemDims.AsSpan(item + 1)), p);
        AddStep(node, new LpNormalizationKernel(norm, SimdWidth(norm.Axis)), x, x.ItemDims, node.Node.Output[0]);
    }
}
