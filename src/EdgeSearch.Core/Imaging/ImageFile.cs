using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace EdgeSearch.Core.Imaging;

/// <summary>
/// Decodes one PNG or JPEG into the 8-bit CHW layout a model takes: EXIF orientation applied,
/// stretched to the target size with a bilinear filter, then gray (<see cref="Luminance"/>) or RGB planes.
/// Dataset readers, enrolment and matching all use it, so user images go through the same steps as training.
/// </summary>
public static class ImageFile
{
    // Only the two formats we accept: fewer decoders, less attack surface.
    private static readonly Configuration Formats = new(new PngConfigurationModule(), new JpegConfigurationModule());

    /// <summary>Reads and decodes the file at <paramref name="path"/> into <paramref name="destination"/> (<see cref="ImageShape.Size"/> bytes).</summary>
    public static void Read(string path, ImageShape shape, Span<byte> destination, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        var length = new FileInfo(path).Length;
        if (length > limits.MaxFileBytes)
            throw new ImageFileException(path, $"file of {length} bytes is over the limit of {limits.MaxFileBytes}");
        try
        {
            Decode(File.ReadAllBytes(path), shape, destination, limits);
        }
        catch (ImageFileException e)
        {
            throw new ImageFileException(path, e.Problem, e.InnerException);
        }
    }

    /// <summary>Reads and decodes the file at <paramref name="path"/> into a new CHW array.</summary>
    public static byte[] Read(string path, ImageShape shape, ImageLimits? limits = null)
    {
        var pixels = new byte[shape.Size];
        Read(path, shape, pixels, limits);
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
        limits ??= ImageLimits.Default;
        if (destination.Length != shape.Size)
            throw new ArgumentException($"Destination holds {destination.Length} bytes, a {shape} image needs {shape.Size}.", nameof(destination));
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
            if (image.Width != shape.Width || image.Height != shape.Height)
                image.Mutate(steps => steps.Resize(new ResizeOptions
                {
                    Size = new Size(shape.Width, shape.Height),
                    Mode = ResizeMode.Stretch,
                    Sampler = KnownResamplers.Triangle,
                }));
            CopyPlanes(image, shape.Color, destination);
        }
        // ImageSharp throws more than its documented ImageFormatException on crafted input (e.g. an
        // ArgumentOutOfRangeException for a damaged pHYs chunk): any decoder failure is a bad image.
        catch (Exception e) when (e is not (ImageFileException or OutOfMemoryException))
        {
            throw new ImageFileException(null, $"corrupt or unsupported image ({e.Message})", e);
        }
    }

    private static void CopyPlanes(Image<Rgb24> image, ColorMode color, Span<byte> destination)
    {
        var plane = image.Width * image.Height;
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            var offset = y * image.Width;
            for (var x = 0; x < row.Length; x++)
            {
                var pixel = row[x];
                if (color == ColorMode.Gray)
                {
                    destination[offset + x] = Luminance.FromRgb(pixel.R, pixel.G, pixel.B);
                }
                else
                {
                    destination[offset + x] = pixel.R;
                    destination[plane + offset + x] = pixel.G;
                    destination[2 * plane + offset + x] = pixel.B;
                }
            }
        }
    }
}
