using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model;

namespace EdgeSearch.OnnxRuntime;

/// <summary>Settings for opening a model with either engine.</summary>
public sealed record EmbedderSettings
{
    public EmbedderBackend Backend { get; init; } = EmbedderBackend.Auto;

    /// <summary>Threads one inference runs on, in either engine: ONNX Runtime's intra-op threads, or the managed engine's.</summary>
    public int Threads { get; init; } = 1;

    public int MaxBatch { get; init; } = 8;
}

/// <summary>Opens a model with the engine the settings ask for. It lives here because only this project sees both engines.</summary>
public static class Embedders
{
    /// <param name="report">Told which engine was taken and, for <see cref="EmbedderBackend.Auto"/>, why.</param>
    public static IEmbedder Open(byte[] model, EmbedderSettings settings, Action<string>? report = null)
    {
        switch (settings.Backend)
        {
            case EmbedderBackend.Managed:
                return Managed(model, settings, report, "requested");
            case EmbedderBackend.Ort:
                report?.Invoke("onnxruntime (requested)");
                return new OrtEmbedder(model, OrtOptions(settings));
            default:
                var unavailable = OrtUnavailableReason();
                if (unavailable is not null) return Managed(model, settings, report, $"ONNX Runtime unavailable: {unavailable}");
                report?.Invoke("onnxruntime (auto: native library loaded)");
                return new OrtEmbedder(model, OrtOptions(settings));
        }
    }

    public static IEmbedder Open(string path, EmbedderSettings settings, Action<string>? report = null) =>
        Open(ModelFile.ReadBytes(path), settings, report);

    /// <summary>
    /// Opens a model whose metadata was read into <paramref name="info"/>, and applies what the metadata asks of every
    /// engine: averaging over views (the mirror image, the quarter turns), which embeds each image once per view. The
    /// engine takes all the views of a batch at once (its batch is the settings' times the views), so a picture's
    /// views are one engine batch, which the managed engine splits between its threads.
    /// </summary>
    public static IEmbedder Open(byte[] model, ModelInfo info, EmbedderSettings settings, Action<string>? report = null)
    {
        var views = info.Views;
        var engine = Open(model, settings with { MaxBatch = checked(settings.MaxBatch * views.Count) }, report is null || views.Count == 1 ? report
            : engine => report($"{engine}; averaged over {views.Count} views ({views}): each image is embedded {views.Count} times"));
        return ViewAveragingEmbedder.For(info, engine);
    }

    /// <summary>Null when ONNX Runtime's native library loads here, else why not.</summary>
    public static string? OrtUnavailableReason()
    {
        try
        {
            _ = Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString();
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            return e.GetBaseException().Message;
        }
    }

    private static ManagedEmbedder Managed(byte[] model, EmbedderSettings settings, Action<string>? report, string why)
    {
        var embedder = ManagedEmbedder.FromBytes(model, new ManagedEngineOptions { MaxBatch = settings.MaxBatch, Threads = settings.Threads });
        report?.Invoke($"managed ({why}): {embedder.Description}");
        return embedder;
    }

    private static OrtEmbedderOptions OrtOptions(EmbedderSettings settings) =>
        new() { IntraOpThreads = settings.Threads, MaxBatch = settings.MaxBatch };
}
