using System.Globalization;

namespace EdgeSearch.Cli.Output;

/// <summary>How the plain outputs mention the defect labels' own bar, after the good labels' threshold.</summary>
public static class DefectBarText
{
    /// <summary>"; defect labels 0.8012", or nothing when every label has the one threshold.</summary>
    public static string Of(float? bar) =>
        bar is { } value ? string.Create(CultureInfo.InvariantCulture, $"; defect labels {value:0.####}") : "";
}
