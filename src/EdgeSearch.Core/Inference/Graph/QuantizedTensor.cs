using System.Runtime.InteropServices;
using EdgeSearch.Core.Inference.Kernels.Int8;

namespace EdgeSearch.Core.Inference.Graph;

/// <summary>
/// An int8 tensor computed per call, and how to read it: real = (q − ZeroPoints[c])·Scales[c], with one entry for
/// the whole tensor or one per channel (item dim 0). It lives in the float arena as bytes from
/// <see cref="ByteOffset"/>, image after image, channels last (<c>[H, W, C]</c> for an item <c>[C, H, W]</c>) so the
/// int8 kernels read each pixel's channels as one run.
/// </summary>
internal sealed record QuantizedTensor(int[] ItemDims, int ByteOffset, float[] Scales, int[] ZeroPoints)
{
    public int ItemLength => Shapes.Product(ItemDims);
    public int Channels => ItemDims.Length == 0 ? 1 : ItemDims[0];

    /// <summary>Channels-last and channels-first orders agree: one channel, or one pixel.</summary>
    public bool LayoutFree => ItemDims.Length <= 1 || Channels == 1 || Channels == ItemLength;

    public float Scale(int channel) => Scales.Length == 1 ? Scales[0] : Scales[channel];
    public int ZeroPoint(int channel) => ZeroPoints.Length == 1 ? ZeroPoints[0] : ZeroPoints[channel];

    /// <summary>The single scale and zero point, when the whole tensor shares them.</summary>
    public QuantParams? PerTensor =>
        Scales.All(s => s == Scales[0]) && ZeroPoints.All(z => z == ZeroPoints[0]) ? new QuantParams(Scales[0], ZeroPoints[0]) : null;

    public Span<sbyte> Item(Span<float> arena, int index) =>
        MemoryMarshal.Cast<float, sbyte>(arena).Slice(ByteOffset + index * ItemLength, ItemLength);
}
