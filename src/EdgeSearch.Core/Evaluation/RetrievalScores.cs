namespace EdgeSearch.Core.Evaluation;

/// <summary>
/// Leave-one-out retrieval quality, each averaged over <paramref name="Queries"/>: the items whose class has
/// at least one other member.
/// </summary>
public sealed record RetrievalScores(double PrecisionAt1, double RPrecision, double MapAtR, int Queries);
