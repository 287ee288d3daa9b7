using EdgeSearch.Core.Inference.Kernels;

namespace EdgeSearch.Core.Inference.Graph;

// Conv, Involution and the pools: the NCHW layers.
internal sealed partial class GraphPlanner
{
    private void PlanConv(int index, NodeContext node)
    {
        node.RequireInputs(2, 3);
        var x = Batched(node, 0, "input X");
        var w = Constant(node, 1, "weight W");
        var geometry = ReadConvGeometry(node, x.ItemDims, w.Dims);
        var m = geometry.OutChannels;
        var bias = new float[m];
        if (node.HasInput(2))
        {
            var b = Constant(node, 2, "bias B");
            if (b.Length != m) throw node.Error($"bias has {b.Length} values; the weight has {m} output channels.");
            b.RequireFloats($"{node.Label} bias").CopyTo(bias, 0);
        }

        // Fuse the activation and max-pool that alone consume this convolution's output.
        var output = node.Node.Output[0];
        var activation = Activation.None;
        PoolGeometry? pool = null;
        if (SoleConsumer(output, index) is { } a && IsActivation(a))
        {
            activation = ReadActivation(new NodeContext(_nodes[a]));
            _fused.Add(a);
            index = a;
            output = _nodes[a].Output[0];
        }
        if (SoleConsumer(output, index) is { } p && _nodes[p].OpType == "MaxPool" && _nodes[p].Domain is "" or "ai.onnx" && _nodes[p].Output.Count == 1)
        {
            var poolNode = new NodeContext(_nodes[p]);
            pool = ReadPool(poolNode, PoolKind.Max, [m, geometry.OutHeight, geometry.OutWidth]);
            _fused.Add(p);
            output = _nodes[p].Output[0];
        }
        var conv = new FusedConv(geometry, w.RequireFloats($"{node.Label} weight"), bias, activation, pool);
        int[] dims = pool is null ? [m, geometry.OutHeight, geometry.OutWidth] : [m, pool.OutHeight, pool.OutWidth];
        AddStep(node, KernelSelection.Conv(conv, SimdWidth(geometry.SimdColumns), _threads), x, dims, output, geometry.MultiplyAdds);
    }

    /// <summary>The geometry of a Conv node on an input of <paramref name="input"/> item dims, validated.</summary>
    private static ConvGeometry ReadConvGeometry(NodeContext node, int[] input, int[] weight)
    {
        if (input.Length != 3) throw node.Error($"input must be NCHW; it is [N, {string.Join(", ", input)}].");
        if (weight.Length != 4) throw node.Error($"weight must be 4-D; it is {Shapes.Format(weight)}.");
        var (c, h, wd) = (input[0], input[1], input[2]);
        var (m, kh, kw) = (weight[0], weight[2], weight[3]);
        var group = (int)node.Int("group", 1);
        if (group < 1 || c % group != 0 || m % group != 0)
            throw node.Error($"group {group} must divide the {c} input and {m} output channels.");
        if (weight[1] != c / group)
            throw node.Error($"weight {Shapes.Format(weight)} expects {weight[1] * group} input channels; the input has {c}.");
        if (node.Ints("kernel_shape", 2) is { } ks && (ks[0] != kh || ks[1] != kw))
            throw node.Error($"kernel_shape [{ks[0]}, {ks[1]}] disagrees with the weight {Shapes.Format(weight)}.");
        RequireUnitDilations(node);
        var strides = node.Ints("strides", 2) ?? [1, 1];
        var pads = Pads(node);
        var geometry = new ConvGeometry(c, h, wd, m, kh, kw, strides[0], strides[1], pads[0], pads[1], pads[2], pads[3], group);
        if (strides[0] < 1 || strides[1] < 1 || geometry.OutHeight < 1 || geometry.OutWidth < 1)
            throw node.Error($"kernel {kh}x{kw} with these strides and pads leaves no output from a {h}x{wd} input.");
        return geometry;
    }

    private void PlanInvolution(NodeContext node)
    {
        node.RequireInputs(6, 6);
        var x = Batched(node, 0, "input X");
        if (x.ItemDims.Length != 3) throw node.Error($"input must be NCHW; it is [N, {string.Join(", ", x.ItemDims)}].");
        var (c, h, w) = (x.ItemDims[0], x.ItemDims[1], x.ItemDims[2]);
        var k = (int)node.RequireInt("kernel_size");
        var g = (int)node.RequireInt("groups");
        if (k < 1 || k % 2 == 0) throw node.Error($"kernel_size must be odd and positive, not {k}.");
        if (g < 1 || c % g != 0) throw node.Error($"groups {g} must divide the {c} input channels.");
        var reduceW = Constant(node, 1, "reduce.W");
        var cr = reduceW.Dims.Length == 4 ? reduceW.Dims[0] : 0;
        RequireDims(node, "reduce.W", reduceW, [cr, c, 1, 1]);
        if (cr < 1) throw node.Error("reduce.W has no output channels.");
        var reduceB = Constant(node, 2, "reduce.B");
        RequireDims(node, "reduce.B", reduceB, [cr]);
        var spanW = Constant(node, 3, "span.W");
        RequireDims(node, "span.W", spanW, [g * k * k, cr, 1, 1]);
        var spanB = Constant(node, 4, "span.B");
        RequireDims(node, "span.B", spanB, [g * k * k]);
        var unfold = Constant(node, 5, "unfold.W");
        RequireDims(node, "unfold.W", unfold, [c * k * k, 1, k, k]);
        RequireOneHotUnfold(node, unfold.RequireFloats($"{node.Label} unfold.W"), c, k);
        var inv = new Involution(c, h, w, k, g, cr,
            reduceW.RequireFloats($"{node.Label} reduce.W"), reduceB.RequireFloats($"{node.Label} reduce.B"),
            spanW.RequireFloats($"{node.Label} span.W"), spanB.RequireFloats($"{node.Label} span.B"));
        AddStep(node, KernelSelection.Involution(inv, SimdWidth(w)), x, [c, h, w], node.Node.Output[0], inv.MultiplyAdds);
    }

    /// <summary>Unfold channel c·K·K + t must pick window tap t = ky·K + kx of channel c, and nothing else.</summary>
    private static void RequireOneHotUnfold(NodeContext node, float[] unfold, int channels, int k)
    {
        var taps = k * k;
        for (var o = 0; o < channels * taps; o++)
        for (var t = 0; t < taps; t++)
        {
            var expected = t == o % taps ? 1f : 0f;
            if (unfold[o * taps + t] != expected)
                throw node.Error($"unfold.W is not the one-hot unfold weight (output channel {o}, tap {t} is {unfold[o * taps + t]}, expected {expected}).");
        }
    }

    private void PlanPool(NodeContext node)
    {
        node.RequireInputs(1, 1);
        if (node.Node.Output.Count > 1 && node.Node.Output[1].Length > 0) throw node.Error("the Indices output is not supported.");
        var x = Batched(node, 0, "input X");
        if (x.ItemDims.Length != 3) throw node.Error($"input must be NCHW; it is [N, {string.Join(", ", x.ItemDims)}].");
        var pool = ReadPool(node, node.Node.OpType == "MaxPool" ? PoolKind.Max : PoolKind.Average, x.ItemDims);
        AddStep(node, new PoolKernel(pool, SimdWidth(pool.InWidth)), x, [pool.Channels, pool.OutHeight, pool.OutWidth], node.Node.Output[0]);
    }

    private static PoolGeometry ReadPool(NodeContext node, PoolKind kind, int[] input)
    {
        var kernel = node.Ints("kernel_shape", 2) ?? throw node.Error("attribute 'kernel_shape' is missing or not 2-D.");
        if (node.Int("ceil_mode", 0) != 0) throw node.Error("ceil_mode=1 is not supported.");
        RequireUnitDilations(node);
        var strides = node.Ints("strides", 2) ?? [1, 1];
        var pads = Pads(node);
        if (kernel[0] < 1 || kernel[1] < 1 || strides[0] < 1 || strides[1] < 1)
            throw node.Error("kernel_shape and strides must be positive.");
        if (pads[0] >= kernel[0] || pads[2] >= kernel[0] || pads[1] >= kernel[1] || pads[3] >= kernel[1])
            throw node.Error("pads must be smaller than the kernel.");
        var pool = new PoolGeometry(kind, input[0], input[1], input[2], kernel[0], kernel[1], strides[0], strides[1],
            pads[0], pads[1], pads[2], pads[3], node.Int("count_include_pad", 0) != 0);
        if (pool.OutHeight < 1 || pool.OutWidth < 1)
            throw node.Error($"kernel {kernel[0]}x{kernel[1]} is larger than the {input[1]}x{input[2]} input.");
        return pool;
    }

    private void PlanGlobalAveragePool(NodeContext node) =>
        PlanGlobalPool(node, (channels, plane, width) => new GlobalAveragePoolKernel(channels, plane, width));

    private void PlanGlobalMaxPool(NodeContext node) =>
        PlanGlobalPool(node, (channels, plane, width) => new GlobalMaxPoolKernel(channels, plane, width));

    /// <param name="kernel">The kernel for (channels, plane, vector width).</param>
    private void PlanGlobalPool(NodeContext node, Func<int, int, VectorWidth?, IImageKernel> kernel)
    {
        node.RequireInputs(1, 1);
        var x = Batched(node, 0, "input X");
        if (x.ItemDims.Length != 3) throw node.Error($"input must be NCHW; it is [N, {string.Join(", ", x.ItemDims)}].");
        var plane = x.ItemDims[1] * x.ItemDims[2];
        AddStep(node, kernel(x.ItemDims[0], plane, SimdWidth(plane)), x, [x.ItemDims[0], 1, 1], node.Node.Output[0]);
    }

    /// <summary>Pads as [top, left, bottom, right] from <c>pads</c> or <c>auto_pad</c>.</summary>
    private static int[] Pads(NodeContext node)
    {
        var autoPad = node.String("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "VALID")) throw node.Error($"auto_pad={autoPad} is not supported; export explicit pads.");
        var pads = autoPad == "VALID" ? [0, 0, 0, 0] : node.Ints("pads", 4) ?? [0, 0, 0, 0];
        if (pads.Any(p => p < 0)) throw node.Error("pads must not be negative.");
        return pads;
    }

    private static void RequireUnitDilations(NodeContext node)
    {
        if (node.Ints("dilations", 2) is { } d && (d[0] != 1 || d[1] != 1)) throw node.Error("only dilation 1 is supported.");
    }

    private static void RequireDims(NodeContext node, string role, ConstantTensor tensor, int[] expected)
    {
        if (!tensor.Dims.AsSpan().SequenceEqual(expected))
            throw node.Error($"{role} is {Shapes.Format(tensor.Dims)}; expected {Shapes.Format(expected)}.");
    }
}
