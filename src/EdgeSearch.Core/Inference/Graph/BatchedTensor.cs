namespace EdgeSearch.Core.Inference.Graph;

/// <summary>
/// A tensor computed per call: dim 0 is the batch, <see cref="ItemDims"/> the rest. It lives in the plan's arena at
/// <see cref="Offset"/>, one image after another, with room for the plan's maximum batch.
/// </summary>
internal sealed record BatchedTensor(int[] ItemDims, int Offset)
{
    public int ItemLength => Shapes.Product(ItemDims);

    public Span<float> Item(Span<float> arena, int index) => arena.Slice(Offset + index * ItemLength, ItemLength);
}
