namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>A layer's kernel applied to one image of a batch; the plan runs it once per image.</summary>
internal interface IImageKernel
{
    /// <summary>Floats of scratch space <see cref="Run"/> needs.</summary>
    int ScratchLength { get; }

    /// <summary>The code it runs, for reports: vector width and layout, or the scalar reference.</summary>
    string Path { get; }

    void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch);
}
