using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Cli.Running;

/// <summary>
/// One input to match: its name, its pixels at the model's input shape, and its true label when a dataset knows it.
/// An image that could not be read carries the reason instead of pixels, so one bad file does not stop the others.
/// </summary>
public sealed record Query(string Input, byte[]? Pixels, string? TrueLabel = null, string? Error = null)
{
    /// <summary>Image files, decoded one at a time as they are matched.</summary>
    public static IEnumerable<Query> FromFiles(IEnumerable<string> paths, EmbeddingModel model)
    {
        foreach (var path in paths)
        {
            Query query;
            try
            {
                query = new Query(path, model.ReadImage(path));
            }
            catch (Exception e) when (e is ImageFileException or IOException or UnauthorizedAccessException)
            {
                query = new Query(path, null, Error: e is ImageFileException ? e.Message : $"{path}: {e.Message}");
            }
            yield return query;
        }
    }

    /// <summary>Images <paramref name="indices"/> of a dataset, with their true labels.</summary>
    public static IEnumerable<Query> FromDataset(DatasetInput dataset, IEnumerable<int> indices) =>
        indices.Select(i => new Query(dataset.Source(i), dataset.Images.Image(i).ToArray(), dataset.LabelOf(i)));
}
