using System.Text.RegularExpressions;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model;
using Microsoft.ML.OnnxRuntime;

namespace EdgeSearch.OnnxRuntime;

/// <summary>
/// Opens a model file's engine the way every front end must before it decides anything: engine failures name the
/// file (without ONNX Runtime's terminal colour codes), the embedding size must agree with the metadata, and
/// <see cref="EmbedderProbe"/> must get a usable embedding out of it.
/// </summary>
public static partial class CheckedModel
{
    public static IEmbedder Open(byte[] bytes, ModelInfo info, string path, EmbedderSettings settings, Action<string>? report = null)
    {
        IEmbedder embedder;
        try
        {
            embedder = Embedders.Open(bytes, info, settings, report);
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidModelException)
        {
            throw new ModelFormatException($"Model file '{path}' cannot be loaded by the inference engine: {EngineMessage(e)}", e);
        }
        try
        {
            if (embedder.EmbeddingDimension != info.EmbeddingDim)
                throw new ModelFormatException($"Model file '{path}' makes {embedder.EmbeddingDimension}-d embeddings but its metadata says {info.EmbeddingDim}.");
            EmbedderProbe.Check(embedder, info, path);
            return embedder;
        }
        catch (OnnxRuntimeException e)
        {
            embedder.Dispose();
            throw new ModelFormatException($"Model file '{path}' fails to run: {EngineMessage(e)}", e);
        }
        catch
        {
            embedder.Dispose();
            throw;
        }
    }

    /// <summary>ONNX Runtime's message on one line, without the ANSI colour codes its logger puts in.</summary>
    public static string EngineMessage(Exception e) => AnsiCodes().Replace(e.Message, "").ReplaceLineEndings(" ").Trim();

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiCodes();
}
