using EdgeSearch.Core.Model.Onnx;
using static EdgeSearch.Core.Model.OnnxProto;

namespace EdgeSearch.Tests.Models;

/// <summary>The shape of a Hybrid-1 test model (docs/model.md); defaults are the shipped configuration.</summary>
public sealed record Hybrid1Shape
{
    public int Channels { get; init; } = 1;
    public int Height { get; init; } = 28;
    public int Width { get; init; } = 28;
    public bool Stem { get; init; }
    public bool Involution { get; init; } = true;
    public int Groups { get; init; } = 1;
    public int Reduction { get; init; } = 4;
    public int Kernel { get; init; } = 3;
    public string Activation { get; init; } = "Gelu";
    public int[] Widths { get; init; } = [32, 64, 64, 96];
    public int Dimension { get; init; } = 64;
}

/// <summary>Hybrid-1 in its exported ONNX form, with random (BN-folded) weights.</summary>
public static class Hybrid1Graph
{
    public static ModelProto Build(Hybrid1Shape shape, int seed)
    {
        var random = new RandomTensors(seed);
        var g = new OnnxGraphBuilder(shape.Channels, shape.Height, shape.Width);
        var x = g.Input;
        var channels = shape.Channels;
        if (shape.Stem)
        {
            x = ConvBlock(g, random, x, "stem", channels, 16, shape.Activation);
            channels = 16;
        }
        if (shape.Involution)
            x = Involution(g, random, x, channels, shape.Height, shape.Width, shape.Kernel, shape.Groups, Math.Max(channels / shape.Reduction, 1));
        for (var i = 0; i < 4; i++)
        {
            x = ConvBlock(g, random, x, $"blocks.{i}", channels, shape.Widths[i], shape.Activation);
            channels = shape.Widths[i];
            if (i < 2) x = g.Node("MaxPool", [x], Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        }
        x = g.Node("GlobalAveragePool", [x]);
        x = g.Node("Flatten", [x], Int("axis", 1));
        var w = g.Weights("embed.weight", [shape.Dimension, channels], random.Weights(shape.Dimension * channels, channels));
        var b = g.Weights("embed.bias", [shape.Dimension], random.Uniform(shape.Dimension, 0.1f));
        x = g.Node("Gemm", [x, w, b], Int("transB", 1));
        x = g.Node("LpNormalization", [x], Int("axis", 1), Int("p", 2));
        return g.Build(x, shape.Dimension);
    }

    /// <summary>Conv3x3 (pad 1, BN folded into weight and bias) then the activation.</summary>
    public static string ConvBlock(OnnxGraphBuilder g, RandomTensors random, string x, string name, int inChannels, int outChannels, string activation)
    {
        var w = g.Weights($"{name}.conv.weight", [outChannels, inChannels, 3, 3], random.Weights(outChannels * inChannels * 9, inChannels * 9));
        var b = g.Weights($"{name}.conv.bias", [outChannels], random.Uniform(outChannels, 0.1f));
        var y = g.Node("Conv", [x, w, b], Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1));
        return activation == "Gelu" ? g.Node("Gelu", [y], String("approximate", "none")) : g.Node("Relu", [y]);
    }

    /// <summary>The involution node and its model-local function, as docs/model.md lays them out.</summary>
    public static string Involution(OnnxGraphBuilder g, RandomTensors random, string x, int channels, int height, int width, int k, int groups, int reduced)
    {
        var taps = k * k;
        var reduceW = g.Weights("involution.reduce.weight", [reduced, channels, 1, 1], random.Weights(reduced * channels, channels));
        var reduceB = g.Weights("involution.reduce.bias", [reduced], random.Uniform(reduced, 0.5f));
        var spanW = g.Weights("involution.span.weight", [groups * taps, reduced, 1, 1], random.Weights(groups * taps * reduced, reduced));
        var spanB = g.Weights("involution.span.bias", [groups * taps], random.Uniform(groups * taps, 0.1f));
        var unfold = new float[channels * taps * taps];
        for (var o = 0; o < channels * taps; o++) unfold[o * taps + o % taps] = 1f;
        var unfoldW = g.Weights("involution.unfold.weight", [channels * taps, 1, k, k], unfold);
        g.Function(InvolutionFunction(channels, height, width, k, groups));
        return g.Node("ai.edgesearch", "Involution", [x, reduceW, reduceB, spanW, spanB, unfoldW], Int("kernel_size", k), Int("groups", groups));
    }

    /// <summary>
    /// The function body ONNX Runtime inlines: kernel generation (Conv, Relu, Conv), unfold as a grouped Conv,
    /// then Reshape, Mul and ReduceSum over the taps.
    /// </summary>
    public static FunctionProto InvolutionFunction(int channels, int height, int width, int k, int groups)
    {
        var f = new FunctionProto { Name = "Involution", Domain = "ai.edgesearch" };
        f.Input.AddRange(["X", "reduce_W", "reduce_B", "span_W", "span_B", "unfold_W"]);
        f.Output.Add("Y");
        f.Attribute.AddRange(["kernel_size", "groups"]);
        f.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 20 });
        var taps = k * k;
        var pad = k / 2;
        void Add(string op, string[] inputs, string output, params AttributeProto[] attributes)
        {
            var node = new NodeProto { OpType = op };
            node.Input.AddRange(inputs);
            node.Output.Add(output);
            node.Attribute.AddRange(attributes);
            f.Node.Add(node);
        }
        void Shape(string output, params long[] dims)
        {
            Add("Constant", [], output, Ints("value_ints", dims));
        }
        Add("Conv", ["X", "reduce_W", "reduce_B"], "reduced");
        Add("Relu", ["reduced"], "reduced_relu");
        Add("Conv", ["reduced_relu", "span_W", "span_B"], "kernel");
        Add("Conv", ["X", "unfold_W"], "unfolded", Int("group", channels), Ints("kernel_shape", k, k), Ints("pads", pad, pad, pad, pad));
        Shape("unfolded_shape", 0, groups, channels / groups, taps, height, width);
        Shape("kernel_shape6", 0, groups, 1, taps, height, width);
        Shape("taps_axis", 3);
        Shape("out_shape", 0, channels, height, width);
        Add("Reshape", ["unfolded", "unfolded_shape"], "unfolded6");
        Add("Reshape", ["kernel", "kernel_shape6"], "kernel6");
        Add("Mul", ["unfolded6", "kernel6"], "weighted");
        Add("ReduceSum", ["weighted", "taps_axis"], "summed", Int("keepdims", 0));
        Add("Reshape", ["summed", "out_shape"], "Y");
        return f;
    }
}
