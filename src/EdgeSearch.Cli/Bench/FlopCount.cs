using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Cli.Bench;

/// <summary>
/// The floating-point work of one image through a model: 2 × the multiply-accumulates of every Conv, Gemm and
/// MatMul, inside model-local functions too (for Involution that is its kernel generator and its unfold, as a
/// runtime that inlines the function executes them). Shapes are inferred from the graph with a batch of one;
/// elementwise ops, pools and reductions are left out, as FLOP counts usually do.
/// </summary>
public static class FlopCount
{
    public static long PerImage(ModelProto model)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var values = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var tensor in model.Graph.Initializer)
        {
            shapes[tensor.Name] = [.. tensor.Dims];
            if (tensor.DataType == (int)TensorProto.Types.DataType.Int64) values[tensor.Name] = Int64Values(tensor);
        }
        foreach (var input in model.Graph.Input.Where(i => !shapes.ContainsKey(i.Name)))
            shapes[input.Name] = input.Type.TensorType.Shape.Dim.Select(d => d.HasDimValue ? d.DimValue : 1).ToArray();
        var functions = model.Functions.ToDictionary(f => (f.Domain, f.Name));
        return 2 * Run(model.Graph.Node, shapes, values, functions);
    }

    private static long Run(IEnumerable<NodeProto> nodes, Dictionary<string, long[]> shapes, Dictionary<string, long[]> values,
        IReadOnlyDictionary<(string, string), FunctionProto> functions)
    {
        long macs = 0;
        foreach (var node in nodes)
        {
            if (functions.TryGetValue((node.Domain, node.OpType), out var function))
            {
                macs += Call(node, function, shapes, values, functions);
                continue;
            }
            var (shape, work) = Infer(node, shapes, values);
            shapes[node.Output[0]] = shape;
            macs += work;
        }
        return macs;
    }

    /// <summary>Runs a function body in its own scope: its inputs bound to the node's, its outputs copied back.</summary>
    private static long Call(NodeProto node, FunctionProto function, Dictionary<string, long[]> shapes, Dictionary<string, long[]> values,
        IReadOnlyDictionary<(string, string), FunctionProto> functions)
    {
        var innerShapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var innerValues = new Dictionary<string, long[]>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(node.Input.Count, function.Input.Count); i++)
        {
            if (node.Input[i].Length == 0) continue;
            innerShapes[function.Input[i]] = ShapeOf(node, node.Input[i], shapes);
            if (values.TryGetValue(node.Input[i], out var v)) innerValues[function.Input[i]] = v;
        }
        var macs = Run(function.Node, innerShapes, innerValues, functions);
        for (var i = 0; i < Math.Min(node.Output.Count, function.Output.Count); i++)
            shapes[node.Output[i]] = innerShapes[function.Output[i]];
        return macs;
    }

    private static (long[] Shape, long Macs) Infer(NodeProto node, Dictionary<string, long[]> shapes, Dictionary<string, long[]> values)
    {
        long[] In(int i) => ShapeOf(node, node.Input[i], shapes);
        switch (node.OpType)
        {
            case "Conv":
                {
                    var (x, w) = (In(0), In(1));
                    var kernel = w[2..];
                    var output = Window(node, x, kernel, ceil: false);
                    output[1] = w[0];
                    var group = Attribute(node, "group")?.I ?? 1;
                    return (output, Product(output) * (x[1] / group) * Product(kernel));
                }
            case "Gemm":
                {
                    var (a, b) = (In(0), In(1));
                    var (m, k) = Attribute(node, "transA")?.I == 1 ? (a[1], a[0]) : (a[0], a[1]);
                    var n = Attribute(node, "transB")?.I == 1 ? b[0] : b[1];
                    return ([m, n], m * n * k);
                }
            case "MatMul":
                {
                    var (a, b) = (In(0), In(1));
                    var output = Broadcast(node, a[..^2], b.Length >= 2 ? b[..^2] : []).Concat([a[^2], b[^1]]).ToArray();
                    return (output, Product(output) * a[^1]);
                }
            case "MaxPool" or "AveragePool":
                return (Window(node, In(0), Attribute(node, "kernel_shape")!.Ints.ToArray(), ceil: Attribute(node, "ceil_mode")?.I == 1), 0);
            case "GlobalAveragePool" or "GlobalMaxPool":
                return ([.. In(0)[..2], .. Enumerable.Repeat(1L, In(0).Length - 2)], 0);
            case "Flatten":
                {
                    var x = In(0);
                    var axis = (int)(Attribute(node, "axis")?.I ?? 1);
                    if (axis < 0) axis += x.Length;
                    return ([Product(x[..axis]), Product(x[axis..])], 0);
                }
            case "Reshape":
                return (Reshape(node, In(0), ValueOf(node, 1, values)), 0);
            case "Shape":
                values[node.Output[0]] = In(0);
                return ([In(0).Length], 0);
            case "Constant":
                {
                    var value = Attribute(node, "value_ints")?.Ints.ToArray()
                        ?? (Attribute(node, "value")?.T is { } t ? Int64Values(t) : throw Unsupported(node, "a Constant other than integers"));
                    values[node.Output[0]] = value;
                    return ([value.Length], 0);
                }
            case "ReduceSum" or "ReduceMean" or "ReduceMax" or "ReduceMin":
                {
                    var x = In(0);
                    var axes = node.Input.Count > 1 && node.Input[1].Length > 0 ? ValueOf(node, 1, values) : Attribute(node, "axes")?.Ints.ToArray() ?? [];
                    var normalized = (axes.Length == 0 ? Enumerable.Range(0, x.Length).Select(a => (long)a) : axes.Select(a => a < 0 ? a + x.Length : a)).ToHashSet();
                    var keep = Attribute(node, "keepdims")?.I ?? 1;
                    return (x.Select((d, a) => (d, a)).Where(p => keep == 1 || !normalized.Contains(p.a)).Select(p => normalized.Contains(p.a) ? 1 : p.d).ToArray(), 0);
                }
            case "Add" or "Sub" or "Mul" or "Div" or "Pow" or "Max" or "Min" or "PRelu":
                return (Broadcast(node, In(0), In(1)), 0);
            case "Relu" or "Gelu" or "Sigmoid" or "Tanh" or "Erf" or "Sqrt" or "Exp" or "Neg" or "Abs" or "Identity" or "Dropout"
                or "LeakyRelu" or "Clip" or "Softmax" or "LpNormalization" or "BatchNormalization" or "QuantizeLinear" or "DequantizeLinear" or "Cast":
                if (values.TryGetValue(node.Input[0], out var passed) && node.OpType is "Identity" or "Cast") values[node.Output[0]] = passed;
                return (In(0), 0);
            default:
                throw Unsupported(node, $"op {(node.Domain.Length > 0 ? node.Domain + "." : "")}{node.OpType}");
        }
    }

    /// <summary>Output of a sliding-window op (Conv, pools): [N, C, spatial...] with ONNX's pads, strides, dilations.</summary>
    private static long[] Window(NodeProto node, long[] x, long[] kernel, bool ceil)
    {
        var spatial = x.Length - 2;
        var strides = Attribute(node, "strides")?.Ints.ToArray() ?? Enumerable.Repeat(1L, spatial).ToArray();
        var dilations = Attribute(node, "dilations")?.Ints.ToArray() ?? Enumerable.Repeat(1L, spatial).ToArray();
        var pads = Attribute(node, "pads")?.Ints.ToArray() ?? new long[2 * spatial];
        var autoPad = Attribute(node, "auto_pad")?.S.ToStringUtf8() ?? "NOTSET";
        var output = (long[])x.Clone();
        for (var i = 0; i < spatial; i++)
        {
            var size = x[i + 2];
            if (autoPad is "SAME_UPPER" or "SAME_LOWER") { output[i + 2] = (size + strides[i] - 1) / strides[i]; continue; }
            var padded = autoPad == "VALID" ? size : size + pads[i] + pads[i + spatial];
            var span = padded - dilations[i] * (kernel[i] - 1) - 1;
            output[i + 2] = (ceil ? (span + strides[i] - 1) / strides[i] : span / strides[i]) + 1;
        }
        return output;
    }

    private static long[] Reshape(NodeProto node, long[] x, long[] target)
    {
        var output = target.Select((d, i) => d == 0 ? x[i] : d).ToArray();
        var unknown = Array.IndexOf(output, -1L);
        if (unknown >= 0) output[unknown] = Product(x) / Product(output.Where((_, i) => i != unknown).ToArray());
        if (Product(output) != Product(x)) throw Unsupported(node, $"a Reshape of [{string.Join(", ", x)}] to [{string.Join(", ", target)}]");
        return output;
    }

    private static long[] Broadcast(NodeProto node, long[] a, long[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var output = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var x = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var y = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (x != y && x != 1 && y != 1) throw Unsupported(node, $"shapes [{string.Join(", ", a)}] and [{string.Join(", ", b)}] that do not broadcast");
            output[i] = Math.Max(x, y);
        }
        return output;
    }

    private static long[] ShapeOf(NodeProto node, string name, Dictionary<string, long[]> shapes) =>
        shapes.TryGetValue(name, out var shape) ? shape : throw Unsupported(node, $"input '{name}' of unknown shape");

    private static long[] ValueOf(NodeProto node, int input, Dictionary<string, long[]> values) =>
        values.TryGetValue(node.Input[input], out var value) ? value : throw Unsupported(node, $"input '{node.Input[input]}' that is not a constant");

    private static AttributeProto? Attribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);

    private static long[] Int64Values(TensorProto tensor) =>
        tensor.Int64Data.Count > 0 ? [.. tensor.Int64Data] : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(tensor.RawData.Span).ToArray();

    private static long Product(long[] dims) => dims.Aggregate(1L, (a, d) => a * d);

    private static NotSupportedException Unsupported(NodeProto node, string what) =>
        new($"FLOPs not counted: node '{node.Name}' has {what}.");
}
