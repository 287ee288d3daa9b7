namespace EdgeSearch.Core.Matching;

/// <summary>
/// Which labels name good parts: a label equal to one of <see cref="Names"/> or ending in '-' and one of them
/// (<c>washer-good</c>), ignoring case, since lines label parts as kind-condition.
/// </summary>
public sealed class GoodLabels
{
    public static GoodLabels Default { get; } = new(["good"]);

    public GoodLabels(IEnumerable<string> names)
    {
        Names = names.Select(n => n.Trim()).Where(n => n.Length > 0).ToArray();
        if (Names.Count == 0)
            throw new ArgumentException("Name at least one label of good parts.");
    }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Whether both name the same labels, in any order and case.</summary>
    public bool SameNames(GoodLabels other) =>
        Names.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(other.Names);

    public bool Contains(string label) =>
        Names.Any(n => label.Equals(n, StringComparison.OrdinalIgnoreCase) || label.EndsWith($"-{n}", StringComparison.OrdinalIgnoreCase));
}
