using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Training.Export;

/// <summary>
/// The model-local ONNX function <c>ai.edgesearch::Involution</c>. Its body is standard ONNX so any runtime can
/// inline it; the managed engine recognises the node and runs it fused instead.
/// </summary>
internal static class InvolutionFunction
{
    public const string Domain = "ai.edgesearch";
    public const string OpType = "Involution";
    public const int DomainVersion = 1;

    /// <summary>The node's inputs, in order; the function body uses the same names.</summary>
    public static readonly string[] Inputs = ["X", "reduce.W", "reduce.B", "span.W", "span.B", "unfold.W"];

    public static NodeProto Node(string output, IEnumerable<string> inputs, int kernel, int groups)
    {
        var node = OnnxProto.Node(OpType, output, inputs, OnnxProto.Int("kernel_size", kernel), OnnxProto.Int("groups", groups));
        node.Domain = Domain;
        return node;
    }

    /// <summary>
    /// The body for an input of <paramref name="channels"/> channels. Conv's <c>group</c> and the Reshape targets
    /// must be constants, so the body bakes in the same kernel size and group count the node carries.
    /// </summary>
    public static FunctionProto Body(int channels, int kernel, int groups, int opset)
    {
        long window = kernel * kernel;
        var function = new FunctionProto { Name = OpType, Domain = Domain, DocString = $"Involution over {channels} channels, kernel {kernel}, {groups} group(s)." };
        function.Input.AddRange(Inputs);
        function.Output.Add("Y");
        function.Attribute.AddRange(["kernel_size", "groups"]);
        function.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        function.Node.AddRange(
        [
            // The per-pixel kernel: [N, G·K·K, H, W], channel g·K·K + ky·K + kx.
            OnnxProto.Node("Conv", "reduced", ["X", "reduce.W", "reduce.B"]),
            OnnxProto.Node("Relu", "hidden", ["reduced"]),
            OnnxProto.Node("Conv", "kernel", ["hidden", "span.W", "span.B"]),
            // Every K×K window of X, channel c·K·K + ky·K + kx: [N, C·K·K, H, W].
            OnnxProto.Node("Conv", "windows", ["X", "unfold.W"],
                OnnxProto.Int("group", channels), OnnxProto.Ints("kernel_shape", kernel, kernel), OnnxProto.Ints("pads", kernel / 2, kernel / 2, kernel / 2, kernel / 2)),
            // Reshape code 0 keeps N and -1 folds H·W, so N, H and W stay dynamic.
            OnnxProto.Int64Constant("windows_shape", 0, groups, channels / groups, window, -1),
            OnnxProto.Int64Constant("kernel_shape", 0, groups, 1, window, -1),
            OnnxProto.Node("Reshape", "windows_grouped", ["windows", "windows_shape"]),
            OnnxProto.Node("Reshape", "kernel_grouped", ["kernel", "kernel_shape"]),
            OnnxProto.Node("Mul", "weighted", ["windows_grouped", "kernel_grouped"]),
            OnnxProto.Int64Constant("window_axis", 3),
            OnnxProto.Node("ReduceSum", "summed", ["weighted", "window_axis"], OnnxProto.Int("keepdims", 0)),
            OnnxProto.Node("Shape", "x_shape", ["X"]),
            OnnxProto.Node("Reshape", "Y", ["summed", "x_shape"]),
        ]);
        return function;
    }

    /// <summary>The one-hot [C·K·K, 1, K, K] weight that makes a group-C Conv unfold each window into channels.</summary>
    public static float[] UnfoldWeight(int channels, int kernel)
    {
        var window = kernel * kernel;
        var weight = new float[channels * window * window];
        for (var c = 0; c < channels; c++)
            for (var offset = 0; offset < window; offset++)
                weight[(c * window + offset) * window + offset] = 1;
        return weight;
    }
}
