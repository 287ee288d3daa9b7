using System.Text;
using System.Text.Json;

namespace EdgeSearch.Cli.Output;

/// <summary>Writes one JSON object on one line. Utf8JsonWriter keeps it trim- and AOT-safe (no reflection).</summary>
public static class JsonLine
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> writeProperties)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            writeProperties(json);
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
