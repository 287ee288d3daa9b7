using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// Where each convolution window lies in the padded channels-last int8 image, so the SIMD paths read windows in
/// place instead of gathering them. A window is a list of contiguous byte runs (segments): one per kernel row when
/// the convolution has one group (the row's taps and channels are adjacent), else one per tap (the group's
/// channels). Each segment is read as whole quads; the bytes past its end meet zero weights.
/// </summary>
internal sealed class WindowLayout
{
    private const int Slack = 4; // the last quad of the last window may read up to 3 bytes past the image

    private readonly ConvGeometry _g;

    public WindowLayout(ConvGeometry g)
    {
        _g = g;
        var (width, c) = (PaddedWidth, g.InChannels);
        SegmentLength = g.Groups == 1 ? g.KernelWidth * c : g.GroupInChannels;
        SegmentQuads = (SegmentLength + 3) / 4;
        Segments = g.Groups == 1
            ? [.. Enumerable.Range(0, g.KernelHeight).Select(ky => ky * width * c)]
            : [.. Enumerable.Range(0, g.KernelHeight * g.KernelWidth).Select(t => (t / g.KernelWidth * width + t % g.KernelWidth) * c)];
        PixelOffsets = [.. Enumerable.Range(0, g.OutPlane).Select(p => (p / g.OutWidth * g.StrideH * width + p % g.OutWidth * g.StrideW) * c)];
        Reach = PixelOffsets[^1] + Segments[^1] + SegmentQuads * 4;
        ImageBytes = PaddedHeight * width * c + Slack;
    }

    private int PaddedWidth => _g.InWidth + _g.PadLeft + _g.PadRight;
    private int PaddedHeight => _g.InHeight + _g.PadTop + _g.PadBottom;

    /// <summary>Bytes of the padded image with its slack: kept, as the products read it per call.</summary>
    public int ImageBytes { get; }

    /// <summary>Offset of each output pixel's window start.</summary>
    public int[] PixelOffsets { get; }

    /// <summary>Offset of each segment from its window start.</summary>
    public int[] Segments { get; }

    /// <summary>Input bytes of one segment, in (kx, channel) order.</summary>
    public int SegmentLength { get; }

    public int SegmentQuads { get; }

    /// <summary>One past the last byte a window of group 0 reads.</summary>
    public int Reach { get; }

    /// <summary>
    /// Copies <paramref name="image"/> into the padded image, each byte XORed with <paramref name="encoding"/>,
    /// the border (and slack) filled with <paramref name="fill"/>.
    /// </summary>
    public void Pad(ReadOnlySpan<sbyte> image, byte encoding, byte fill, Span<byte> padded)
    {
        padded = padded[..ImageBytes];
        padded.Fill(fill);
        var rowBytes = _g.InWidth * _g.InChannels;
        var start = (_g.PadTop * PaddedWidth + _g.PadLeft) * _g.InChannels;
        for (var y = 0; y < _g.InHeight; y++)
            Encode(image.Slice(y * rowBytes, rowBytes), encoding, padded.Slice(start + y * PaddedWidth * _g.InChannels, rowBytes));
    }

    /// <summary>Each (signed) byte of <paramref name="padded"/> as an int16, for the paths that multiply int16 pairs.</summary>
    public static void Widen(ReadOnlySpan<byte> padded, Span<short> widened) => Widen(MemoryMarshal.Cast<byte, sbyte>(padded), 0, widened);

    /// <summary>widened[k] = values[k] − <paramref name="zeroPoint"/>, as int16 (the Winograd kernel's centred input).</summary>
    public static void Widen(ReadOnlySpan<sbyte> values, int zeroPoint, Span<short> widened)
    {
        if (widened.Length < values.Length) throw new ArgumentException("The widened image is shorter than the padded one.", nameof(widened));
        var zero = Vector128.Create((short)zeroPoint);
        var j = 0;
        for (; j + 16 <= values.Length; j += 16)
        {
            var (low, high) = Vector128.Widen(Vector128.Create(values.Slice(j, 16)));
            (low - zero).CopyTo(widened[j..]);
            (high - zero).CopyTo(widened[(j + 8)..]);
        }
        for (; j < values.Length; j++) widened[j] = (short)(values[j] - zeroPoint);
    }

    private static void Encode(ReadOnlySpan<sbyte> source, byte encoding, Span<byte> destination)
    {
        var j = 0;
        for (; j + 16 <= source.Length; j += 16)
                (Vector128.Create(source.Slice(j, 16)).AsByte() ^ Vector128.Create(encoding)).CopyTo(destination[j..]);
        for (; j < source.Length; j++) destination[j] = (byte)((byte)source[j] ^ encoding);
    }
}
