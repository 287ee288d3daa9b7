using System.Buffers;
using System.Text.Json;

namespace EdgeSearch.Daemon.Web;

/// <summary>JSON written by hand with <see cref="Utf8JsonWriter"/>: no reflection, so the trimmed daemon needs no serializer metadata.</summary>
public static class JsonText
{
    public static byte[] Object(Action<Utf8JsonWriter> write) => Write(w =>
    {
        w.WriteStartObject();
        write(w);
        w.WriteEndObject();
    });

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
