using EdgeSearch.Core.Inference.Graph;
using EdgeSearch.Core.Inference.Kernels;

namespace EdgeSearch.Core.Inference.Steps;

/// <summary>An input of a two-input step: a constant, or a batched tensor read image by image.</summary>
internal readonly record struct Operand(float[]? Constant, BatchedTensor? Tensor)
{
    public ReadOnlySpan<float> Item(Span<float> arena, int index) => Constant ?? Tensor!.Item(arena, index);
}

/// <summary>Add or Mul with numpy broadcasting, image by image, at the plan's width (null: the reference).</summary>
internal sealed class BinaryStep<TOp>(Broadcast broadcast, Operand left, Operand right, BatchedTensor output, VectorWidth? width) : IStep
    where TOp : IBinaryOperator
{
    public int ScratchLength => 0;
    public string Path => VectorWidths.Name(width);

    public void Run(Span<float> arena, int count, Span<float> scratch) => RunItemsAlone(arena, 0, count, scratch);

    public bool RunsItemsAlone => true;

    public void RunItemsAlone(Span<float> arena, int first, int count, Span<float> scratch)
    {
        for (var i = first; i < first + count; i++)
        {
            if (width is { } w) broadcast.RunSimd<TOp>(w, left.Item(arena, i), right.Item(arena, i), output.Item(arena, i));
            else broadcast.RunReference<TOp>(left.Item(arena, i), right.Item(arena, i), output.Item(arena, i));
        }
    }
}
