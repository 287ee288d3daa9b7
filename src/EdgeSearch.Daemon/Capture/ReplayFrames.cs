using EdgeSearch.Core.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Daemon.Capture;

/// <summary>The frames a replay spec names: every image in a folder, in name order.</summary>
public static class ReplayFrames
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp"];
    private const long MaxPixels = 64L * 1024 * 1024;

    public static Func<IEnumerable<Frame>> Open(string spec)
    {
        if (!Directory.Exists(spec))
            throw new DirectoryNotFoundException($"Replay folder '{spec}' does not exist.");
        return () => Folder(spec);
    }

    private static IEnumerable<Frame> Folder(string folder)
    {
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
            yield return Decode(file);
    }

    private static Frame Decode(string file)
    {
        var info = Image.Identify(file) ?? throw new InvalidDataException($"'{file}' is not an image.");
        if ((long)info.Width * info.Height > MaxPixels)
            throw new InvalidDataException($"'{file}' is {info.Width}x{info.Height}, more than {MaxPixels} pixels.");
        using var image = Image.Load<Rgb24>(file);
        var pixels = new byte[Frame.PackedSize(FrameFormat.Rgb24, image.Width, image.Height)];
        image.CopyPixelDataTo(pixels);
        return Frame.Packed(FrameFormat.Rgb24, image.Width, image.Height, pixels);
    }
}
