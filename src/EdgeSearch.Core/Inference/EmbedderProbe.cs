using EdgeSearch.Core.Index;
using EdgeSearch.Core.Model;

namespace EdgeSearch.Core.Inference;

/// <summary>
/// Embeds one fixed image, through the model's own preprocessing, when a model is opened. NaN weights, one flipped
/// exponent bit, a std of 1e-45 or all-zero weights make every embedding NaN, infinite or zero: without the probe
/// such a model answers every query wrongly and exits 0.
/// </summary>
public static class EmbedderProbe
{
    public static void Check(IEmbedder embedder, ModelInfo info, string path)
    {
        var shape = info.ImageShape();
        var image = new byte[shape.Size];
        for (var i = 0; i < image.Length; i++)
            image[i] = (byte)(i * 37 % 251); // Varied, so no layer sees a constant input it could legitimately zero.
        var input = new float[shape.Size];
        info.Normalization().Apply(image, input);
        var embedding = new float[embedder.EmbeddingDimension];
        embedder.Embed(input, 1, embedding);
        try
        {
            UsableEmbedding.Check(embedding, "embedding of a test image");
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException($"Model file '{path}' does not make usable embeddings: {e.Message} Its weights or its metadata are damaged.", e);
        }
    }
}
