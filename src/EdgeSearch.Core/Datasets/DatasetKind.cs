namespace EdgeSearch.Core.Datasets;

/// <summary>The on-disk formats a dataset can come in.</summary>
public enum DatasetKind
{
    FashionMnist,
    Mnist,
    Cifar10,
    Folder,

    /// <summary>Camera frames of parts on a line, rendered from a seed (EdgeSearch.Scenes), never read from disk.</summary>
    Parts,
}
