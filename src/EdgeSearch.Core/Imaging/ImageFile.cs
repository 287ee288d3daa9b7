using EdgeSearch.Core.Files;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace EdgeSearch.Core.Imaging;

/// <summary>
/// Decodes one PNG or JPEG into an RGB <see cref="Frame"/> (EXIF orientation applied), within <see cref="ImageLimits"/>
/// checked before any pixel memory is taken. <see cref="Read(string, ImageShape, Span{byte}, ImageLimits?, FrameRegion?)"/>
/// then samples it with <see cref="FrameSampler"/>, the rule camera frames go through, so an image file and the
/// same picture from a camera or a replay become the same model input.
/// </summary>
public static class ImageFile
{
    /// <summary>The formats every entry point accepts: fewer decoders, less attack surface.</summary>
    private static readonly Configuration Formats = CreateFormats();

    /// <summary>Reads and decodes the file at <paramref name="path"/> into a packed RGB frame at its own size.</summary>
    /// <param name="truncated">Told when the file ends before its format's end marker: the decoder filled in what
    /// was missing, so the picture is partly made up.</param>
    public static Frame Load(string path, ImageLimits? limits = null, Action? truncated = null)
    {
        try
        {
            var encoded = ReadEncoded(path, limits ?? ImageLimits.Default);
            var frame = DecodeFrame(encoded, limits);
            if (truncated is not null && EndsEarly(encoded)) truncated();
            return frame;
        }
        catch (ImageFileException e) when (e.Path is null)
        {
            throw new ImageFileException(path, e.Problem, e.InnerException);
        }
    }

    /// <summary>Reads the file at <paramref name="path"/> into <paramref name="destination"/> (<see cref="ImageShape.Size"/> bytes), <paramref name="region"/> of it when given.</summary>
    public static void Read(string path, ImageShape shape, Span<byte> destination, ImageLimits? limits = null, FrameRegion? region = null)
    {
        RequireSize(shape, destination);
        Sample(path, Load(path, limits), shape, destination, region);
    }

    /// <summary>Samples a frame decoded from <paramref name="path"/> with <see cref="FrameSampler"/>; a region that does
    /// not fit the picture is an error about that file.</summary>
    public static void Sample(string path, Frame frame, ImageShape shape, Span<byte> destination, FrameRegion? region)
    {
        try
        {
            FrameSampler.Sample(frame, region, shape, destination);
        }
        catch (ArgumentException e)
        {
            throw new ImageFileException(path, e.Message, e);
        }
    }

    /// <summary>Reads the file at <paramref name="path"/> into a new CHW array.</summary>
    public static byte[] Read(string path, ImageShape shape, ImageLimits? limits = null, FrameRegion? region = null)
    {
        var pixels = new byte[shape.Size];
        Read(path, shape, pixels, limits, region);
        return pixels;
    }

    /// <summary>Decodes an encoded PNG or JPEG into a new CHW array.</summary>
    public static byte[] Decode(byte[] encoded, ImageShape shape, ImageLimits? limits = null)
    {
        var pixels = new byte[shape.Size];
        Decode(encoded, shape, pixels, limits);
        return pixels;
    }

    /// <summary>Decodes an encoded PNG or JPEG into <paramref name="destination"/> (<see cref="ImageShape.Size"/> bytes).</summary>
    public static void Decode(byte[] encoded, ImageShape shape, Span<byte> destination, ImageLimits? limits = null)
    {
        RequireSize(shape, destination);
        FrameSampler.Sample(DecodeFrame(encoded, limits), null, shape, destination);
    }

    /// <summary>Decodes an encoded PNG or JPEG into a packed RGB frame at its own size.</summary>
    public static Frame DecodeFrame(byte[] encoded, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        if (encoded.Length > limits.MaxFileBytes)
            throw new ImageFileException(null, $"{encoded.Length} encoded bytes are over the limit of {limits.MaxFileBytes}");
        try
        {
            // The header alone tells the size; refuse absurd dimensions before any pixel memory is taken.
            var info = Image.Identify(Formats, encoded, out _)
                ?? throw new ImageFileException(null, "not a PNG or JPEG image");
            if ((long)info.Width * info.Height > limits.MaxPixels)
                throw new ImageFileException(null, $"{info.Width}x{info.Height} pixels are over the limit of {limits.MaxPixels}");
            using var image = Image.Load<Rgb24>(Formats, encoded);
            image.Mutate(steps => steps.AutoOrient());
            var pixels = new byte[Frame.PackedSize(FrameFormat.Rgb24, image.Width, image.Height)];
            image.CopyPixelDataTo(pixels);
            return Frame.Packed(FrameFormat.Rgb24, image.Width, image.Height, pixels);
        }
        // ImageSharp throws more than its documented ImageFormatException on crafted input (e.g. an
        // ArgumentOutOfRangeException for a damaged pHYs chunk): any decoder failure is a bad image.
        catch (Exception e) when (e is not (ImageFileException or OutOfMemoryException))
        {
            throw new ImageFileException(null, $"corrupt or unsupported image ({e.Message})", e);
        }
    }

    /// <summary>
    /// The file's bytes, refusing what is not a regular file of a sane size before opening it (a FIFO would block the
    /// read forever, a device feed it without end); the read itself stops at the limit in case the file grows meanwhile.
    /// </summary>
    private static byte[] ReadEncoded(string path, ImageLimits limits)
    {
        try
        {
            RegularFile.Require(path);
            var length = new FileInfo(path).Length;
            if (length == 0)
                throw new ImageFileException(path, "empty file");
            if (length > limits.MaxFileBytes)
                throw new ImageFileException(path, $"file of {length} bytes is over the limit of {limits.MaxFileBytes}");
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            var bytes = new byte[length];
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            return read == bytes.Length ? bytes : bytes[..read];
        }
        catch (NotARegularFileException e)
        {
            throw new ImageFileException(path, e.Message.Replace($"'{path}' is ", ""), e);
        }
        catch (FileNotFoundException e)
        {
            throw new ImageFileException(path, "no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFileException(path, $"cannot be read ({e.Message})", e);
        }
    }

    /// <summary>Whether a PNG lacks its closing IEND chunk, or a JPEG its end-of-image marker (FF D9), as a file cut
    /// short in a copy or a full disk does. Padding after the marker is allowed.</summary>
    public static bool EndsEarly(ReadOnlySpan<byte> encoded)
    {
        ReadOnlySpan<byte> pngEnd = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
        if (encoded.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']))
            return encoded.LastIndexOf(pngEnd) < 0;
        if (encoded.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]))
            return !encoded.TrimEnd((byte)0).EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9]);
        return false;
    }

    private static void RequireSize(ImageShape shape, Span<byte> destination)
    {
        if (destination.Length != shape.Size)
            throw new ArgumentException($"Destination holds {destination.Length} bytes, a {shape} image needs {shape.Size}.", nameof(destination));
    }

    private static Configuration CreateFormats()
    {
        var formats = new Configuration(new PngConfigurationModule(), new JpegConfigurationModule());
        // PNG text chunks may be zlib bombs (a 500 kB file can inflate to gigabytes) and nothing here reads them.
        // JPEG keeps its metadata: EXIF orientation is applied, and a JPEG segment cannot exceed 64 kB.
        formats.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
        return formats;
    }
}
