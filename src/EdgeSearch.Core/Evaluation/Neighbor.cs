namespace EdgeSearch.Core.Evaluation;

/// <summary>A reference item and its similarity to the query.</summary>
internal readonly record struct Neighbor(float Similarity, int Index);

/// <summary>
/// Retrieval order: higher similarity first, and equal similarities by ascending reference index, so the
/// ranking is a total order and the metrics do not depend on the selection algorithm.
/// </summary>
internal readonly struct RetrievalOrder : IComparer<Neighbor>
{
    public int Compare(Neighbor x, Neighbor y)
    {
        var bySimilarity = y.Similarity.CompareTo(x.Similarity);
        return bySimilarity != 0 ? bySimilarity : x.Index.CompareTo(y.Index);
    }
}
