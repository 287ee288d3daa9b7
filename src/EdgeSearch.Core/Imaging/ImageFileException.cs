namespace EdgeSearch.Core.Imaging;

/// <summary>An image that cannot be decoded: unknown format, corrupt content, or over the <see cref="ImageLimits"/>.</summary>
public sealed class ImageFileException : Exception
{
    public ImageFileException(string? path, string problem, Exception? inner = null)
        : base(path is null ? problem : $"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file, or null when the image came as bytes.</summary>
    public string? Path { get; }

    public string Problem { get; }
}
