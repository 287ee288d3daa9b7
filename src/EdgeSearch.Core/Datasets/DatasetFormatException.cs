namespace EdgeSearch.Core.Datasets;

/// <summary>A dataset file or folder that is missing or does not hold what its format promises.</summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file or folder at fault.</summary>
    public string Path { get; }

    public string Problem { get; }

    internal static DatasetFormatException LabelOutOfRange(string path, long index, int label, int classCount) =>
        new(path, $"label {label} of image {index} is outside the {classCount} classes");
}
