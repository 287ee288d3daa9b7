using EdgeSearch.Core.Inference.Graph;
using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;
using Google.Protobuf;

namespace EdgeSearch.Core.Inference;

/// <summary>
/// Runs an ONNX embedding model with EdgeSearch's own kernels: pure managed, no native library, AOT-safe.
/// Everything is planned and allocated at load (worker threads too, with <see cref="ManagedEngineOptions.Threads"/>);
/// after warm-up an inference allocates nothing. One call at a time.
/// </summary>
public sealed class ManagedEmbedder : IEmbedder
{
    public const string BackendName = "managed";
    private readonly ExecutionPlan _plan;

    public ManagedEmbedder(ModelProto model, ManagedEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _plan = GraphPlanner.Build(model, options ?? new ManagedEngineOptions());
        var dims = _plan.Input.ItemDims;
        InputShape = new InputShape(dims[0], dims[1], dims[2]);
        EmbeddingDimension = _plan.Output.ItemDims[0];
    }

    /// <summary>Parses ONNX bytes; a truncated or foreign file gives <see cref="InvalidModelException"/>.</summary>
    public static ManagedEmbedder FromBytes(ReadOnlySpan<byte> onnx, ManagedEngineOptions? options = null, string source = "model")
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidModelException($"{source} is not a valid ONNX model (truncated or corrupt): {e.Message}", e);
        }
        return new ManagedEmbedder(model, options);
    }

    public static ManagedEmbedder Load(string path, ManagedEngineOptions? options = null) =>
        FromBytes(ModelFile.ReadBytes(path), options, path);

    public string Backend => BackendName;
    public InputShape InputShape { get; }
    public int EmbeddingDimension { get; }

    /// <summary>What was planned: step count, kernels, batch size.</summary>
    public string Description => _plan.Description;

    public void Embed(ReadOnlySpan<float> images, int count, Span<float> embeddings) => _plan.Run(images, count, embeddings);

    /// <summary>The planned steps in the order they run.</summary>
    public IReadOnlyList<StepSummary> Steps => [.. _plan.Steps.Select(s => s.Summary)];

    /// <summary>
    /// <see cref="Embed(ReadOnlySpan{float}, int, Span{float})"/>, adding the <see cref="System.Diagnostics.Stopwatch"/>
    /// ticks each step took to <paramref name="stepTicks"/> (one per <see cref="Steps"/> entry).
    /// </summary>
    public void Embed(ReadOnlySpan<float> images, int count, Span<float> embeddings, Span<long> stepTicks)
    {
        if (stepTicks.IsEmpty) throw new ArgumentException("Give one tick counter per step.", nameof(stepTicks));
        _plan.Run(images, count, embeddings, stepTicks);
    }

    /// <summary>Stops the plan's worker threads, if it has any.</summary>
    public void Dispose() => _plan.Dispose();
}
