namespace EdgeSearch.Core.Datasets;

/// <summary>Which part of a dataset to read.</summary>
public enum DatasetSplit
{
    Train,
    Test,
}
