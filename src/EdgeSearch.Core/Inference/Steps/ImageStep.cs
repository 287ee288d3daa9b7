using EdgeSearch.Core.Inference.Graph;
using EdgeSearch.Core.Inference.Kernels;

namespace EdgeSearch.Core.Inference.Steps;

/// <summary>Runs a one-input kernel on each image of the batch.</summary>
internal sealed class ImageStep(IImageKernel kernel, BatchedTensor input, BatchedTensor output) : IStep
{
    public int ScratchLength => kernel.ScratchLength;
    public string Path => kernel.Path;

    public void Run(Span<float> arena, int count, Span<float> scratch)
    {
        for (var i = 0; i < count; i++) kernel.Run(input.Item(arena, i), output.Item(arena, i), scratch);
    }

    public bool RunsItemsAlone => true;

    public void RunItemsAlone(Span<float> arena, int first, int count, Span<float> scratch)
    {
        for (var i = first; i < first + count; i++) kernel.RunAlone(input.Item(arena, i), output.Item(arena, i), scratch);
    }
}
