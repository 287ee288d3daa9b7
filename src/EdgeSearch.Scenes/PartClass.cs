namespace EdgeSearch.Scenes;

/// <summary>One class of the parts scenario: a part type and its condition ("good" or a defect kind).</summary>
/// <remarks>Part names hold no '-', so a label splits at its first '-' into part and defect.</remarks>
public sealed record PartClass(string Part, string Defect)
{
    public const string Good = "good";

    public string Label => $"{Part}-{Defect}";
    public bool IsGood => Defect == Good;
}
