namespace EdgeSearch.Core.Datasets;

/// <summary>The on-disk formats a dataset can come in.</summary>
public enum DatasetKind
{
    FashionMnist,
    Mnist,
    Cifar10,
    Folder,
}
