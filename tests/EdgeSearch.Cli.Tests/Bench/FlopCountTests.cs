using EdgeSearch.Cli.Bench;
using EdgeSearch.Cli.Tests.Fixtures;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Cli.Tests.Bench;

public class FlopCountTests
{
    [Fact]
    public void CountsConvAndGemmWorkThroughPoolsAndFlatten()
    {
        // [1,1,8,8] -Conv 3x3 pad 1 to 4 ch-> [1,4,8,8] -MaxPool 2x2/2-> [1,4,4,4] -Flatten-> [1,64] -Gemm-> [1,10]
        var graph = Graph(("Conv", ["image", "cw"], "conv", [Ints("pads", 1, 1, 1, 1)]),
            ("Relu", ["conv"], "relu", []),
            ("MaxPool", ["relu"], "pool", [Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)]),
            ("Flatten", ["pool"], "flat", []),
            ("Gemm", ["flat", "gw"], "out", [Int("transB", 1)]));
        graph.Initializer.Add(Weight("cw", 4, 1, 3, 3));
        graph.Initializer.Add(Weight("gw", 10, 64));

        // Conv: 4·8·8 outputs × 1·3·3 MACs = 2304; Gemm: 10 × 64 = 640.
        Assert.Equal(2 * (2304 + 640), FlopCount.PerImage(Model(graph)));
    }

    [Fact]
    public void CountsStridedGroupedConvolutionInsideAModelLocalFunction()
    {
        // The function: Conv 3x3 stride 2, group 2, 4 -> 6 channels, then a Reshape through Shape, as Involution does.
        var function = new FunctionProto { Name = "Block", Domain = "test" };
        function.Input.AddRange(["X", "W"]);
        function.Output.Add("Y");
        function.Node.Add(Node("Conv", ["X", "W"], "c", Int("group", 2), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1)));
        function.Node.Add(Node("Shape", ["c"], "s"));
        function.Node.Add(Node("Reshape", ["c", "s"], "Y"));
        var graph = Graph(("Conv", ["image", "w0"], "c0", []), ("Block", ["c0", "w1"], "b", []));
        graph.Node[1].Domain = "test";
        graph.Initializer.Add(Weight("w0", 4, 1, 1, 1));
        graph.Initializer.Add(Weight("w1", 6, 2, 3, 3));
        var model = Model(graph);
        model.Functions.Add(function);

        // 1x1 conv: 4·8·8 × 1 = 256. Strided conv: output 6·4·4 = 96, each 2 (= 4/2) × 3·3 = 18 MACs: 1728.
        Assert.Equal(2 * (256 + 1728), FlopCount.PerImage(model));
    }

    [Fact]
    public void TheTestModelIsOneGemm()
    {
        using var work = new Workspace();
        var tiny = TinyModel.Write(work.Path("t.onnx"), 8, 8, dim: 16);
        Assert.Equal(2L * 16 * 64, FlopCount.PerImage(Core.Model.ModelFile.Load(tiny.Path).Model));
    }

    [Fact]
    public void AnUnknownOpIsReportedNotGuessed()
    {
        var graph = Graph(("Mystery", ["image"], "out", []));
        Assert.Contains("Mystery", Assert.Throws<NotSupportedException>(() => FlopCount.PerImage(Model(graph))).Message);
    }

    private static GraphProto Graph(params (string Op, string[] Inputs, string Output, AttributeProto[] Attributes)[] nodes)
    {
        var graph = new GraphProto { Name = "g" };
        graph.Input.Add(TinyModel.Tensor("image", 1, 8, 8));
        foreach (var (op, inputs, output, attributes) in nodes) graph.Node.Add(Node(op, inputs, output, attributes));
        return graph;
    }

    private static ModelProto Model(GraphProto graph) => new() { IrVersion = 10, Graph = graph };

    private static NodeProto Node(string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    private static TensorProto Weight(string name, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
