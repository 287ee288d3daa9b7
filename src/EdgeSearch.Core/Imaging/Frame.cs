namespace EdgeSearch.Core.Imaging;

/// <summary>
/// One camera image: its bytes, their format, and the geometry needed to read them.
/// <see cref="Stride"/> is the byte distance between rows (of the Y plane for <see cref="FrameFormat.I420"/>,
/// whose chroma planes have half that stride), so padded camera buffers need no copy.
/// </summary>
public sealed class Frame
{
    public Frame(FrameFormat format, int width, int height, int stride, ReadOnlyMemory<byte> pixels)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"A {format} frame needs a positive size, not {width}x{height}.");
        if ((format is FrameFormat.Yuyv or FrameFormat.I420) && width % 2 != 0)
            throw new ArgumentException($"A {format} frame needs an even width, not {width}.");
        if (format == FrameFormat.I420 && (height % 2 != 0 || stride % 2 != 0))
            throw new ArgumentException($"An I420 frame needs an even height and stride, not height {height}, stride {stride}.");
        if (stride < RowBytes(format, width))
            throw new ArgumentException($"A {format} frame {width} pixels wide needs a stride of at least {RowBytes(format, width)} bytes, not {stride}.");
        var needed = Size(format, height, stride);
        if (pixels.Length < needed)
            throw new ArgumentException($"A {format} frame of {width}x{height} with stride {stride} needs {needed} bytes, but has {pixels.Length}.");
        Format = format;
        Width = width;
        Height = height;
        Stride = stride;
        Pixels = pixels;
    }

    /// <summary>A frame whose rows follow each other with no padding.</summary>
    public static Frame Packed(FrameFormat format, int width, int height, ReadOnlyMemory<byte> pixels) =>
        new(format, width, height, RowBytes(format, width), pixels);

    /// <summary>Bytes of a packed frame of this format and size.</summary>
    public static int PackedSize(FrameFormat format, int width, int height) => Size(format, height, RowBytes(format, width));

    public FrameFormat Format { get; }
    public int Width { get; }
    public int Height { get; }
    public int Stride { get; }
    public ReadOnlyMemory<byte> Pixels { get; }

    private static int RowBytes(FrameFormat format, int width) => format switch
    {
        FrameFormat.Gray8 or FrameFormat.I420 => width,
        FrameFormat.Rgb24 => checked(width * 3),
        FrameFormat.Yuyv => checked(width * 2),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown frame format."),
    };

    private static int Size(FrameFormat format, int height, int stride) => format == FrameFormat.I420
        ? checked(stride * height + 2 * (stride / 2) * (height / 2))
        : checked(stride * height);
}
