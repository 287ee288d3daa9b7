using System.Globalization;

namespace EdgeSearch.Core.Model;

/// <summary>How numbers are spelled in metadata: invariant culture, shortest round-trip form, finite only.</summary>
internal static class MetadataFormat
{
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static bool TryParseFloat(string text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    public static bool TryParseDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
