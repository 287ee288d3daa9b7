namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// A zero-bordered copy of a convolution's input, on which window element (ic, ky, kx) of output (oy, ox) is at
/// <c>RowOffset(ic, ky, kx) + oy·Width + ox</c> for unit stride: each patch row is the padded image shifted.
/// </summary>
internal readonly record struct PaddedImage(ConvGeometry Geometry)
{
    public int Width => Geometry.InWidth + Geometry.PadLeft + Geometry.PadRight;
    public int Plane => (Geometry.InHeight + Geometry.PadTop + Geometry.PadBottom) * Width;
    public int Length => Geometry.InChannels * Plane;

    /// <summary>Offsets of the patch rows (ic, ky, kx) of one group, in weight order.</summary>
    public int[] RowOffsets()
    {
        var g = Geometry;
        var offsets = new int[g.PatchLength];
        for (var i = 0; i < offsets.Length; i++)
        {
            var (ic, ky, kx) = (i / (g.KernelHeight * g.KernelWidth), i / g.KernelWidth % g.KernelHeight, i % g.KernelWidth);
            offsets[i] = ic * Plane + ky * Width + kx;
        }
        return offsets;
    }

    public void Fill<TVec, TSimd>(ReadOnlySpan<float> image, Span<float> padded) where TVec : struct where TSimd : ISimd<TVec> =>
        Fill<TVec, TSimd>(Geometry, image, padded, Width, Plane);

    /// <summary>The image on a zero border, in planes of <paramref name="plane"/> floats whose rows are <paramref name="width"/> apart (at least this record's).</summary>
    public static void Fill<TVec, TSimd>(ConvGeometry g, ReadOnlySpan<float> image, Span<float> padded, int width, int plane)
        where TVec : struct where TSimd : ISimd<TVec>
        => PlaneRows<TVec, TSimd>.Pad(image, g.InChannels, g.InHeight, g.InWidth, padded, plane, width, g.PadTop, g.PadLeft);
}
