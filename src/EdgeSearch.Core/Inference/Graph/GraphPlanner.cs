using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Steps;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Core.Inference.Graph;

/// <summary>
/// Turns an ONNX graph into an <see cref="ExecutionPlan"/>: validates every node, infers shapes, folds constant
/// nodes, fuses conv + activation (+ max-pool), repacks weights through the kernels it picks, and lays out the arena.
/// Dim 0 of every computed tensor is the batch; no operator may mix it with other dims.
/// </summary>
internal sealed partial class GraphPlanner
{
    private readonly ManagedEngineOptions _options;
    private readonly Dictionary<string, ConstantTensor> _constants = [];
    private readonly Dictionary<string, BatchedTensor> _tensors = [];
    private readonly List<PlannedStep> _steps = [];
    private readonly Dictionary<string, int> _consumers = [];
    private readonly HashSet<string> _graphOutputs = [];
    private readonly HashSet<int> _fused = [];
    private readonly IReadOnlyList<NodeProto> _nodes;
    private readonly IntraOpThreads _threads;
    private int _arenaLength;

    private GraphPlanner(GraphProto graph, ManagedEngineOptions options, IntraOpThreads threads)
    {
        _options = options;
        _threads = threads;
        _nodes = graph.Node;
        foreach (var node in graph.Node)
        foreach (var input in node.Input)
            _consumers[input] = _consumers.GetValueOrDefault(input) + 1;
        foreach (var output in graph.Output) _graphOutputs.Add(output.Name);
    }

    private bool Simd => !_options.ReferenceKernels;

    public static ExecutionPlan Build(ModelProto model, ManagedEngineOptions options)
    {
        if (options.MaxBatch < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxBatch, "MaxBatch must be at least 1.");
        if (options.Width is { } width && !Platform.IsAccelerated(width))
            throw new PlatformNotSupportedException($"{(int)width}-bit vectors are not accelerated on this machine ({Platform.Describe()}).");
        if (options.Int8Path is { } path && !Platform.IsSupported(path))
            throw new PlatformNotSupportedException($"The {path} int8 path does not run on this machine ({Platform.Describe()}).");
        if (options.Threads is < 1 or > IntraOpThreads.MaxCount)
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, $"Threads must be from 1 to {IntraOpThreads.MaxCount}.");
        var graph = model.Graph ?? throw new InvalidModelException("The model has no graph.");
        var threads = options.Threads == 1 ? IntraOpThreads.None : new IntraOpThreads(options.Threads);
        try
        {
            return Build(new GraphPlanner(graph, options, threads), graph, options);
        }
        catch
        {
            threads.Dispose();
            throw;
        }
    }

    private static ExecutionPlan Build(GraphPlanner planner, GraphProto graph, ManagedEngineOptions options)
    {
        foreach (var init in graph.Initializer)
            planner._constants[init.Name] = ConstantTensor.Read(init, $"initializer '{init.Name}'");
        var input = planner.ReadInput(graph);
        for (var i = 0; i < graph.Node.Count; i++)
            if (!planner._fused.Contains(i)) planner.Plan(i);
        var output = planner.ReadOutput(graph);
        var kernels = options.ReferenceKernels ? "reference kernels" : $"SIMD kernels (up to {options.Width ?? Platform.Widest})";
        var int8 = planner._int8Steps == 0 ? "" : $", {planner._int8Steps} int8 steps ({planner.Int8Path})";
        var description = $"managed engine, {planner._steps.Count} steps, {kernels}{int8}, max batch {options.MaxBatch}, {options.Threads} thread{(options.Threads == 1 ? "" : "s")}";
        return new ExecutionPlan([.. planner._steps], input, output, planner._arenaLength, options.MaxBatch, description, planner._threads);
    }

    private BatchedTensor ReadInput(GraphProto graph)
    {
        var inputs = graph.Input.Where(i => !_constants.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1) throw new InvalidModelException($"The graph must have exactly one image input; it has {inputs.Count}.");
        var info = inputs[0];
        var shape = info.Type?.TensorType?.Shape
            ?? throw new InvalidModelException($"Graph input '{info.Name}' has no tensor shape.");
        if (info.Type.TensorType.ElemType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidModelException($"Graph input '{info.Name}' must be float.");
        if (shape.Dim.Count != 4) throw new InvalidModelException($"Graph input '{info.Name}' must be NCHW (rank 4); it has rank {shape.Dim.Count}.");
        var item = new int[3];
        for (var d = 1; d < 4; d++)
        {
            var dim = shape.Dim[d];
            if (dim.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dim.DimValue is < 1 or > 1 << 16)
                throw new InvalidModelException($"Graph input '{info.Name}' dim {d} must be a fixed positive size.");
            item[d - 1] = (int)dim.DimValue;
        }
        return _tensors[info.Name] = Allocate(item);
    }

    private BatchedTensor ReadOutput(GraphProto graph)
    {
        if (graph.Output.Count != 1) throw new InvalidModelException($"The graph must have exactly one output; it has {graph.Output.Count}.");
        var name = graph.Output[0].Name;
        Materialize(name);
        if (!_tensors.TryGetValue(name, out var output))
            throw new InvalidModelException($"Graph output '{name}' is not computed from the input.");
        if (output.ItemDims.Length != 1)
            throw new InvalidModelException($"Graph output '{name}' must be [N, D]; it is [N, {string.Join(", ", output.ItemDims)}].");
        return output;
    }

    private BatchedTensor Allocate(int[] itemDims)
    {
        var tensor = new BatchedTensor(itemDims, _arenaLength);
        _arenaLength = checked(_arenaLength + tensor.ItemLength * _options.MaxBatch);
        return tensor;
    }

    private void Plan(int index)
    {
        var node = new NodeContext(_nodes[index]);
        foreach (var input in node.Node.Input)
            if (input.Length > 0 && !_constants.ContainsKey(input) && !_tensors.ContainsKey(input) && !IsInt8(input))
                throw node.Error($"input '{input}' is not produced by any earlier node, initializer or graph input.");
        if (TryPlanInt8(index, node)) return;
        MaterializeInputs(node);
        Lower(index, node);
    }

    private BatchedTensor Batched(NodeContext node, int input, string role)
    {
        var name = node.Node.Input[input];
        return _tensors.TryGetValue(name, out var t) ? t
            : throw node.Error($"{role} '{name}' must be computed from the image input, not a constant.");
    }

    private ConstantTensor Constant(NodeContext node, int input, string role)
    {
        var name = node.Node.Input[input];
        return _constants.TryGetValue(name, out var t) ? t
            : throw node.Error($"{role} '{name}' must be a constant (initializer).");
    }

    private void AddStep(NodeContext node, IImageKernel kernel, BatchedTensor input, int[] outputDims, string outputName, long multiplyAdds = 0)
    {
        var output = Allocate(outputDims);
        AddStep(node.Label, new ImageStep(kernel, input, output), multiplyAdds);
        _tensors[outputName] = output;
    }

    /// <param name="multiplyAdds">Multiply-accumulates per image, for reports of the achieved rate.</param>
    private void AddStep(string node, IStep step, long multiplyAdds = 0) => _steps.Add(new PlannedStep(step, node, multiplyAdds));

    /// <summary>The node that alone reads <paramref name="name"/>, when it is also not a graph output.</summary>
    private int? SoleConsumer(string name, int after)
    {
        if (_consumers.GetValueOrDefault(name) != 1 || _graphOutputs.Contains(name)) return null;
        for (var i = after + 1; i < _nodes.Count; i++)
            if (_nodes[i].Input.Contains(name)) return i;
        return null;
    }

    /// <summary>The SIMD width for a layer whose rows are <paramref name="length"/> long; null for reference kernels.</summary>
    private VectorWidth? SimdWidth(int length) =>
        !Simd ? null : _options.Width ?? VectorWidths.ForLength(length, Platform.Widest);
}
