namespace EdgeSearch.OnnxRuntime;

/// <summary>How ONNX Runtime runs the model.</summary>
public sealed record OrtEmbedderOptions
{
    /// <summary>Threads for one operator; 1 leaves the other cores to capture and search.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Images per run; input and output buffers are sized for it and larger batches run in chunks.</summary>
    public int MaxBatch { get; init; } = 8;
}
