using System.Security.Cryptography;
using EdgeSearch.Core.Files;
using EdgeSearch.Core.Model.Onnx;
using Google.Protobuf;

namespace EdgeSearch.Core.Model;

/// <summary>
/// A model as loaded from disk: the ONNX graph, its checked <see cref="ModelInfo"/>, and the SHA-256 of the
/// file bytes, which identifies the model (a gallery built with one model is useless with another).
/// </summary>
public sealed record ModelFile(string Path, ModelProto Model, ModelInfo Info, string Sha256)
{
    /// <summary>Far above any Hybrid-1 model (under 1 MB); anything larger is not one of ours.</summary>
    public const long MaxBytes = 64L << 20;

    public static ModelFile Load(string path) => Parse(ReadBytes(path), path);

    /// <summary>
    /// The file's bytes, refused above <see cref="MaxBytes"/> and unless it is a regular file (a device reads
    /// as 0 bytes, a FIFO blocks). Read once and given to both <see cref="Parse"/> and an engine, they make the
    /// identity and the embeddings come from the same file.
    /// </summary>
    public static byte[] ReadBytes(string path)
    {
        using var stream = RegularFile.OpenRead(path);
        if (stream.Length > MaxBytes)
            throw new ModelFormatException($"Model file '{path}' is {stream.Length} bytes; the limit is {MaxBytes}.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Parses model bytes; <paramref name="path"/> names the source in errors.</summary>
    public static ModelFile Parse(byte[] bytes, string path)
    {
        if (bytes.Length == 0) throw new ModelFormatException($"Model file '{path}' is empty.");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException($"Model file '{path}' is not a readable ONNX model (truncated or corrupt): {e.Message}", e);
        }
        // Protobuf accepts many byte strings that are not ONNX; a model always has an IR version and a graph.
        if (model.IrVersion <= 0 || model.Graph is null)
            throw new ModelFormatException($"Model file '{path}' is not an ONNX model: it has no IR version or no graph.");
        try
        {
            return new ModelFile(path, model, ModelInfo.FromModel(model), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        catch (ModelFormatException e)
        {
            throw new ModelFormatException($"Model file '{path}': {e.Message}", e);
        }
    }
}
