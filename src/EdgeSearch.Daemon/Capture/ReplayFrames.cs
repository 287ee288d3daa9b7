using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Daemon.Capture;

/// <summary>
/// The frames a replay spec names: <c>DIR</c>, every PNG or JPEG in a folder at its own size in name order,
/// decoded by <see cref="ImageFile"/> like every other image file (the preprocessor crops and resizes them like camera frames), or <c>KIND:DIR:SPLIT</c>, a dataset split
/// such as <c>fashion-mnist:/data/fmnist:test</c>.
/// </summary>
public static class ReplayFrames
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <param name="skipped">Told about each folder image that cannot be decoded; the replay goes on without it.</param>
    public static Func<IEnumerable<Frame>> Open(string spec, Action<string> skipped)
    {
        if (Directory.Exists(spec))
            return () => Folder(spec, skipped);
        var split = spec.LastIndexOf(':');
        if (split <= 0)
            throw new DirectoryNotFoundException($"Replay folder '{spec}' does not exist.");
        var dataset = DatasetSpec.Parse(spec[..split]);
        if (dataset.Kind == DatasetKind.Folder)
            throw new FormatException($"Replay '{spec}': give an image folder as replay:DIR rather than a folder dataset.");
        var images = dataset.Load(DatasetSpec.ParseSplit(spec[(split + 1)..]));
        return () => Enumerable.Range(0, images.Count).Select(i => FromImageSet(images, i));
    }

    /// <summary>Dataset images are planar CHW; frames are interleaved.</summary>
    private static Frame FromImageSet(ImageSet images, int index)
    {
        var image = images.Image(index);
        if (images.Channels == 1)
            return Frame.Packed(FrameFormat.Gray8, images.Width, images.Height, image.ToArray());
        var plane = images.Width * images.Height;
        var rgb = new byte[3 * plane];
        for (var i = 0; i < plane; i++)
            for (var c = 0; c < 3; c++)
                rgb[3 * i + c] = image[c * plane + i];
        return Frame.Packed(FrameFormat.Rgb24, images.Width, images.Height, rgb);
    }

    private static IEnumerable<Frame> Folder(string folder, Action<string> skipped)
    {
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            Frame frame;
            try
            {
                frame = ImageFile.Load(file);
            }
            catch (ImageFileException e)
            {
                skipped(e.Message);
                continue;
            }
            yield return frame;
        }
    }
}
