using EdgeSearch.Core.Index;

namespace EdgeSearch.Core.Matching;

/// <summary>
/// Open-set k-NN decision. Each neighbour votes for its label with weight <c>exp((s - s_best) / Temperature)</c>,
/// a softmax over similarities: a small temperature approaches 1-NN, a large one a plain majority vote. The label
/// with the largest total weight wins (ties: the label with the higher best similarity). The query is
/// <em>unknown</em> when the best similarity is below the winner's bar: <see cref="Threshold"/>, or for a defect
/// label the <see cref="Defects"/> bar when one is set.
/// </summary>
public sealed class DecisionPolicy
{
    public DecisionPolicy(float threshold, float temperature = 0.05f, DefectThreshold? defects = null)
    {
        if (!float.IsFinite(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a finite similarity.");
        if (!(temperature > 0) || !float.IsFinite(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive.");
        if (defects is not null && !float.IsFinite(defects.Value))
            throw new ArgumentOutOfRangeException(nameof(defects), defects.Value, "The defect threshold must be a finite similarity.");
        Threshold = threshold;
        Temperature = temperature;
        Defects = defects;
    }

    /// <summary>The bar of good labels, and of every label when <see cref="Defects"/> is null.</summary>
    public float Threshold { get; }
    public float Temperature { get; }
    public DefectThreshold? Defects { get; }

    /// <summary>The bar of defect labels: the <see cref="Defects"/> value, never above <see cref="Threshold"/>;
    /// null when every label is held to <see cref="Threshold"/>.</summary>
    public float? DefectBar => Defects is { } defects ? MathF.Min(defects.Value, Threshold) : null;

    /// <summary>The similarity a query needs to be given <paramref name="label"/>.</summary>
    public float ThresholdFor(string label) =>
        DefectBar is { } bar && !Defects!.Good.Contains(label) ? bar : Threshold;

    /// <param name="neighbors">The search results (any order).</param>
    /// <param name="labelOf">The label of a neighbour's id.</param>
    public Decision Decide(ReadOnlySpan<Neighbor> neighbors, Func<long, string> labelOf)
    {
        if (neighbors.IsEmpty)
            return new Decision(null, null, -1f, 0f, [], Threshold);

        var ordered = neighbors.ToArray().OrderByDescending(n => n.Similarity).ToArray();
        var best = ordered[0].Similarity;

        var votes = new Dictionary<string, (double Weight, float Best)>();
        foreach (var neighbor in ordered)
        {
            var label = labelOf(neighbor.Id);
            var weight = Math.Exp((neighbor.Similarity - best) / (double)Temperature);
            votes[label] = votes.TryGetValue(label, out var vote)
                ? (vote.Weight + weight, Math.Max(vote.Best, neighbor.Similarity))
                : (weight, neighbor.Similarity);
        }

        var winner = votes.MaxBy(v => (v.Value.Weight, v.Value.Best));
        var rival = votes.Where(v => v.Key != winner.Key).Select(v => v.Value.Best).DefaultIfEmpty(ordered[^1].Similarity).Max();
        var margin = winner.Value.Best - rival;
        var bar = ThresholdFor(winner.Key);
        return new Decision(best >= bar ? winner.Key : null, winner.Key, best, margin, ordered, bar);
    }
}
