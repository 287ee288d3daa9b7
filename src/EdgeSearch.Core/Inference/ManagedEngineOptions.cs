using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Kernels.Int8;

namespace EdgeSearch.Core.Inference;

/// <summary>How the managed engine builds its plan.</summary>
public sealed record ManagedEngineOptions
{
    /// <summary>Images per pass; buffers are sized for it at load time and larger batches run in chunks.</summary>
    public int MaxBatch { get; init; } = 8;

    /// <summary>Run the scalar reference kernels instead of the SIMD ones (slow; for checking).</summary>
    public bool ReferenceKernels { get; init; }

    /// <summary>Force one vector width for every SIMD kernel; by default each layer picks the best for its shape.</summary>
    public VectorWidth? Width { get; init; }

    /// <summary>
    /// Threads one inference runs on: the caller and Threads − 1 workers the plan starts once. A batch of two images
    /// or more (a picture's views) is split between them image by image; a single image's convolutions split their
    /// output channels (fp32) or pixels (int8). At most 32; 1 leaves the other cores to capture and search.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Force one int8 path (it must be supported here); by default the fastest this machine runs.</summary>
    public Int8Path? Int8Path { get; init; }
}
