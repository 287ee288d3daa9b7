using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Core.Datasets;

/// <summary>
/// A folder of PNG and JPEG images, one subfolder per class. With <c>train/</c> and <c>test/</c> subfolders those are
/// the splits; otherwise both splits read the folder itself. Labels index the class folders sorted by ordinal name,
/// over both splits, so a label means the same class in each.
/// </summary>
public static class ImageFolderReader
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Reads one split, each image decoded by <see cref="ImageFile"/> to <paramref name="shape"/>; <paramref name="limit"/> keeps the first images only.</summary>
    public static ImageSet Read(string directory, DatasetSplit split, ImageShape shape, int? limit = null, ImageLimits? limits = null)
    {
        if (!Directory.Exists(directory))
            throw new DatasetFormatException(directory, "missing folder");
        var train = Path.Combine(directory, "train");
        var test = Path.Combine(directory, "test");
        var hasSplits = Directory.Exists(train) && Directory.Exists(test);
        var root = !hasSplits ? directory : split == DatasetSplit.Train ? train : test;

        var classNames = (hasSplits ? ClassFolders(train).Union(ClassFolders(test)) : ClassFolders(directory))
            .Order(StringComparer.Ordinal).ToArray();
        if (classNames.Length == 0)
            throw new DatasetFormatException(root, "holds no class folders");

        var files = classNames
            .SelectMany((name, label) => ImagesOf(Path.Combine(root, name)).Select(path => (Path: path, Label: label)))
            .Take(DatasetFile.Take(int.MaxValue, limit))
            .ToArray();
        if (files.Length == 0)
            throw new DatasetFormatException(root, "holds no PNG or JPEG images in its class folders");

        var pixels = new byte[(long)files.Length * shape.Size];
        for (var i = 0; i < files.Length; i++)
        {
            try
            {
                ImageFile.Read(files[i].Path, shape, pixels.AsSpan(i * shape.Size, shape.Size), limits);
            }
            catch (ImageFileException e)
            {
                throw new DatasetFormatException(files[i].Path, $"unreadable image: {e.Problem}", e);
            }
        }
        return new ImageSet(shape.Channels, shape.Height, shape.Width, pixels, files.Select(file => file.Label).ToArray(), classNames);
    }

    // Hidden folders (.git, .thumbnails) are not classes.
    private static IEnumerable<string> ClassFolders(string directory) =>
        Directory.EnumerateDirectories(directory).Select(path => Path.GetFileName(path)).Where(name => !name.StartsWith('.'));

    /// <summary>The images of one class in ordinal name order; a class folder missing from this split has none.</summary>
    private static IEnumerable<string> ImagesOf(string classFolder) =>
        !Directory.Exists(classFolder)
            ? []
            : Directory.EnumerateFiles(classFolder)
                .Where(path => Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
}
