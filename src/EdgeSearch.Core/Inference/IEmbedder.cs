namespace EdgeSearch.Core.Inference;

/// <summary>The shape of one preprocessed image, NCHW without the batch dim.</summary>
public readonly record struct InputShape(int Channels, int Height, int Width)
{
    public int Length => Channels * Height * Width;
}

/// <summary>Turns preprocessed images into embeddings. Implemented by the managed engine and by ONNX Runtime.</summary>
public interface IEmbedder : IDisposable
{
    /// <summary>Which engine runs the model, e.g. "managed" or "onnxruntime".</summary>
    string Backend { get; }

    InputShape InputShape { get; }

    int EmbeddingDimension { get; }

    /// <summary>
    /// Embeds <paramref name="count"/> ≥ 1 images laid out as float NCHW <c>[count, C, H, W]</c> into
    /// <paramref name="embeddings"/> as <c>[count, D]</c>.
    /// </summary>
    void Embed(ReadOnlySpan<float> images, int count, Span<float> embeddings);
}
