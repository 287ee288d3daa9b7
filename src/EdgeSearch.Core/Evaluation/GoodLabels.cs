namespace EdgeSearch.Core.Evaluation;

/// <summary>
/// Which labels name good parts by default: <c>good</c> itself, or any label ending in <c>-good</c> (a part type's
/// good class, such as <c>gear-good</c>), in any letter case.
/// </summary>
public static class GoodLabels
{
    public const string Name = "good";

    public static bool IsGood(string label) =>
        label.Equals(Name, StringComparison.OrdinalIgnoreCase) || label.EndsWith("-" + Name, StringComparison.OrdinalIgnoreCase);
}
