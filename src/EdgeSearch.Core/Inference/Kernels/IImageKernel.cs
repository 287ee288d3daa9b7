namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>A layer's kernel applied to one image of a batch; the plan runs it once per image.</summary>
internal interface IImageKernel
{
    /// <summary>Floats of scratch space <see cref="Run"/> needs.</summary>
    int ScratchLength { get; }

    /// <summary>The code it runs, for reports: vector width and layout, or the scalar reference.</summary>
    string Path { get; }

    void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch);

    /// <summary>
    /// <see cref="Run"/> on the calling thread alone, safe beside other such calls on other images with other scratch
    /// (the plan's split of a batch between its threads). Kernels that split their own work override it.
    /// </summary>
    void RunAlone(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch) => Run(image, output, scratch);
}
