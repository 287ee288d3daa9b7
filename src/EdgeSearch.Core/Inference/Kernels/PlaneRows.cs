using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// Copies the rows of a plane between layouts whose rows are different distances apart (a padded or shifted plane
/// and a dense one). A row is whole vectors plus one that ends at the row's end and overlaps the one before, so a
/// 28-float row is two loads and two stores where a call to copy it costs more than the copy.
/// </summary>
internal static class PlaneRows<TVec, TSimd> where TVec : struct where TSimd : ISimd<TVec>
{
    /// <summary>
    /// <paramref name="channels"/> planes of <paramref name="height"/> × <paramref name="width"/> floats onto a zero
    /// border: each at (<paramref name="top"/>, <paramref name="left"/>) of a padded plane of
    /// <paramref name="paddedPlane"/> floats whose rows are <paramref name="paddedWidth"/> apart.
    /// </summary>
    public static void Pad(ReadOnlySpan<float> image, int channels, int height, int width, Span<float> padded, int paddedPlane, int paddedWidth, int top, int left)
    {
        padded.Clear();
        var plane = height * width;
        for (var c = 0; c < channels; c++)
            Copy(image.Slice(c * plane, plane), width, padded[(c * paddedPlane + top * paddedWidth + left)..], paddedWidth, width, height);
    }

    /// <summary>Row y's <paramref name="width"/> floats from <c>source[y·sourceStride]</c> to <c>destination[y·destinationStride]</c>.</summary>
    public static void Copy(ReadOnlySpan<float> source, int sourceStride, Span<float> destination, int destinationStride, int width, int rows)
    {
        if (rows == 0) return;
        if (source.Length < (rows - 1) * sourceStride + width || destination.Length < (rows - 1) * destinationStride + width)
            throw new ArgumentException("Planes are smaller than their rows.");
        var lanes = TSimd.Count;
        if (width < lanes)
        {
            for (var y = 0; y < rows; y++) source.Slice(y * sourceStride, width).CopyTo(destination.Slice(y * destinationStride, width));
            return;
        }
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(destination);
        var last = (nuint)(width - lanes);
        for (var y = 0; y < rows; y++)
        {
            ref var row = ref Unsafe.Add(ref from, y * sourceStride);
            ref var target = ref Unsafe.Add(ref to, y * destinationStride);
            for (nuint x = 0; x < last; x += (nuint)lanes) TSimd.Store(TSimd.Load(ref row, x), ref target, x);
            TSimd.Store(TSimd.Load(ref row, last), ref target, last);
        }
    }
}
