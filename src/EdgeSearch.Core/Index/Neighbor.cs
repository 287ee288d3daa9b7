namespace EdgeSearch.Core.Index;

/// <summary>One search hit: the caller's id for the row and its cosine similarity to the query.</summary>
public readonly record struct Neighbor(long Id, float Similarity);
