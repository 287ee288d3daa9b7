using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model;
using EdgeSearch.OnnxRuntime;

/// <summary>A model's embeddings of a dataset split by each engine that runs here.</summary>
internal static class Engines
{
    /// <summary>Managed always; ONNX Runtime when its native library loads (the managed-only build has none).</summary>
    public static IReadOnlyList<EmbedderBackend> Available()
    {
        var reason = Embedders.OrtUnavailableReason();
        Console.WriteLine(reason is null ? "engines: managed, ort" : $"engines: managed (ONNX Runtime unavailable: {reason})");
        return reason is null ? [EmbedderBackend.Managed, EmbedderBackend.Ort] : [EmbedderBackend.Managed];
    }

    public static ImageSet Images(string modelPath, string dataset, int? limit)
    {
        var info = ModelFile.Load(modelPath).Info;
        var images = DatasetSpec.Parse(dataset).Load(DatasetSplit.Test, info.ImageShape(), limit);
        Console.WriteLine($"images: {images.Count} of {dataset} (test split)");
        return images;
    }

    /// <summary>Row-major [images.Count, D] embeddings.</summary>
    public static float[] Embed(string modelPath, EmbedderBackend backend, ImageSet images)
    {
        var info = ModelFile.Load(modelPath).Info;
        var normalization = info.Normalization();
        const int batch = 8;
        using var embedder = Embedders.Open(modelPath, new EmbedderSettings { Backend = backend, MaxBatch = batch },
            report => Console.WriteLine($"  {backend}: {report}"));
        var size = images.ImageSize;
        var dimension = embedder.EmbeddingDimension;
        var embeddings = new float[images.Count * dimension];
        var input = new float[batch * size];
        for (var start = 0; start < images.Count; start += batch)
        {
            var n = Math.Min(batch, images.Count - start);
            for (var i = 0; i < n; i++) normalization.Apply(images.Image(start + i), input.AsSpan(i * size, size));
            embedder.Embed(input.AsSpan(0, n * size), n, embeddings.AsSpan(start * dimension, n * dimension));
        }
        return embeddings;
    }

    /// <summary>Whether the graph quantizes activations (an int8 QDQ model).</summary>
    public static bool IsQuantized(string modelPath) => ModelFile.Load(modelPath).Model.Graph.Node.Any(n => n.OpType == "QuantizeLinear");

    public static string FileName(EmbedderBackend backend) => $"{backend.ToString().ToLowerInvariant()}.f32";
}
