using EdgeSearch.Core.Inference.Kernels;

namespace EdgeSearch.Core.Inference.Graph;

// The one table of operators: what each supported op lowers to, and the activations (the ops a convolution, Gemm
// or int8 step may fuse, and the form each takes). Adding an op is one entry here and its Plan method.
internal sealed partial class GraphPlanner
{
    /// <summary>The standard activation ops, each read into the form the kernels apply.</summary>
    private static readonly Dictionary<string, Func<NodeContext, Activation>> ActivationOps = new(StringComparer.Ordinal)
    {
        ["Relu"] = _ => Activation.Relu,
        ["Gelu"] = node => node.String("approximate", "none") is var approximate && approximate == "none" ? Activation.Gelu
            : throw node.Error($"approximate=\"{approximate}\" is not supported; only the exact erf form is."),
    };

    /// <summary>Every op the engine plans, by domain ("" for the standard one) and type.</summary>
    private static readonly Dictionary<(string Domain, string Op), Action<GraphPlanner, int, NodeContext>> Lowerings = Table();

    private static Dictionary<(string, string), Action<GraphPlanner, int, NodeContext>> Table()
    {
        var table = new Dictionary<(string, string), Action<GraphPlanner, int, NodeContext>>
        {
            [("", "Conv")] = (p, i, n) => p.PlanConv(i, n),
            [("", "MaxPool")] = (p, _, n) => p.PlanPool(n),
            [("", "AveragePool")] = (p, _, n) => p.PlanPool(n),
            [("", "GlobalAveragePool")] = (p, _, n) => p.PlanGlobalAveragePool(n),
            [("", "GlobalMaxPool")] = (p, _, n) => p.PlanGlobalMaxPool(n),
            [("", "Gemm")] = (p, _, n) => p.PlanGemm(n),
            [("", "MatMul")] = (p, _, n) => p.PlanMatMul(n),
            [("", "Add")] = (p, _, n) => p.PlanBinary<AddOperator>(n),
            [("", "Mul")] = (p, _, n) => p.PlanBinary<MultiplyOperator>(n),
            [("", "Reshape")] = (p, _, n) => p.PlanReshape(n),
            [("", "Flatten")] = (p, _, n) => p.PlanFlatten(n),
            [("", "Identity")] = (p, _, n) => p.PlanIdentity(n),
            [("", "Constant")] = (p, _, n) => p.PlanConstant(n),
            [("", "LpNormalization")] = (p, _, n) => p.PlanLpNormalization(n),
            [("", "QuantizeLinear")] = (p, _, n) => p.PlanQuantizeLinear(n),
            [("", "DequantizeLinear")] = (p, _, n) => p.PlanDequantizeLinear(n),
            [("ai.edgesearch", "Involution")] = (p, _, n) => p.PlanInvolution(n),
        };
        foreach (var op in ActivationOps.Keys) table[("", op)] = (p, _, n) => p.PlanActivation(n);
        return table;
    }

    /// <summary>The node's domain with the standard one's two spellings as "".</summary>
    private static string Domain(NodeContext node) => node.Node.Domain is "ai.onnx" ? "" : node.Node.Domain;

    private void Lower(int index, NodeContext node)
    {
        if (!Lowerings.TryGetValue((Domain(node), node.Node.OpType), out var lower))
            throw node.Error($"unsupported operator; the managed engine runs {string.Join(", ", Lowerings.Keys.Select(k => k.Domain == "" ? k.Op : $"{k.Domain}::{k.Op}").Order(StringComparer.Ordinal))}.");
        lower(this, index, node);
    }

    /// <summary>True when node <paramref name="index"/> is a standard activation op.</summary>
    private bool IsActivation(int index) => _nodes[index].Domain is "" or "ai.onnx" && ActivationOps.ContainsKey(_nodes[index].OpType);

    private static Activation ReadActivation(NodeContext node) =>
        ActivationOps.TryGetValue(node.Node.OpType, out var read) ? read(node) : throw node.Error("is not an activation.");
}
