using System.Buffers.Binary;

namespace EdgeSearch.Gallery;

/// <summary>Embeddings are stored as float32 little-endian, whatever the machine, so gallery files are portable.</summary>
internal static class EmbeddingBlob
{
    public static byte[] Encode(ReadOnlySpan<float> embedding)
    {
        var bytes = new byte[embedding.Length * sizeof(float)];
        for (var i = 0; i < embedding.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), embedding[i]);
        return bytes;
    }

    public static float[] Decode(ReadOnlySpan<byte> bytes)
    {
        var embedding = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < embedding.Length; i++)
            embedding[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        return embedding;
    }
}
