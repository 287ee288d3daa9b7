using System.Globalization;

namespace EdgeSearch.Core.Model;

/// <summary>Typed reads of metadata_props, each failure naming the key and the offending value.</summary>
internal sealed class MetadataReader(IReadOnlyDictionary<string, string> entries)
{
    public string Text(string key) =>
        entries.TryGetValue(key, out var value) ? value : throw new ModelFormatException($"Metadata key '{key}' is missing.");

    public int PositiveInt(string key)
    {
        var text = Text(key);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw Malformed(key, text, "a positive integer");
        return value;
    }

    public bool Bool(string key) => Text(key) switch
    {
        "true" => true,
        "false" => false,
        var text => throw Malformed(key, text, "'true' or 'false'"),
    };

    public float[] Floats(string key)
    {
        var text = Text(key);
        return text.Split(',').Select(part => MetadataFormat.TryParseFloat(part, out var value)
            ? value
            : throw Malformed(key, text, "comma-separated finite numbers")).ToArray();
    }

    public double Double(string key)
    {
        var text = Text(key);
        return MetadataFormat.TryParseDouble(text, out var value) ? value : throw Malformed(key, text, "a finite number");
    }

    /// <summary>Every entry under <paramref name="prefix"/>, keyed by the rest of the name.</summary>
    public Dictionary<string, string> Section(string prefix) => entries
        .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
        .ToDictionary(e => e.Key[prefix.Length..], e => e.Value, StringComparer.Ordinal);

    public static ModelFormatException Malformed(string key, string value, string expected) =>
        new($"Metadata key '{key}' has value '{value}'; expected {expected}.");
}
