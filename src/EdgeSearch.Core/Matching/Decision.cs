using EdgeSearch.Core.Index;

namespace EdgeSearch.Core.Matching;

/// <summary>
/// What the policy concluded about one query.
/// </summary>
/// <param name="Label">The recognised label, or null for <em>unknown</em> (nothing close enough).</param>
/// <param name="Candidate">The label that won the vote, reported even when it was not close enough; null only
/// when there were no neighbours.</param>
/// <param name="Similarity">The best similarity among the neighbours (-1, the lowest cosine, when there were none).</param>
/// <param name="Margin">The candidate's best similarity minus the best similarity of any other label among the
/// neighbours; negative when the vote overruled the nearest neighbour. When no other label is among them, it is
/// measured against the last neighbour, a lower bound on the true margin.</param>
/// <param name="Neighbors">The neighbours the vote saw, best first.</param>
/// <param name="Threshold">The bar the candidate had to clear (a defect label's may be lower than a good one's).</param>
public sealed record Decision(string? Label, string? Candidate, float Similarity, float Margin, IReadOnlyList<Neighbor> Neighbors, float Threshold)
{
    public bool IsUnknown => Label is null;
}
