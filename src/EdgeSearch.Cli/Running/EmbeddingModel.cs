using EdgeSearch.Cli.Output;
using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Files;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Index;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model;
using EdgeSearch.Gallery;
using EdgeSearch.OnnxRuntime;

namespace EdgeSearch.Cli.Running;

/// <summary>
/// A model opened for embedding: its checked file, the engine that runs it, and the preprocessing its metadata
/// prescribes. Every command that turns pixels into embeddings goes through here, so they all preprocess alike.
/// </summary>
public sealed class EmbeddingModel : IDisposable
{
    private readonly float[] _input;

    /// <summary>One 8-bit CHW image of a set, by its position.</summary>
    public delegate ReadOnlySpan<byte> ImageAt(int index);

    private EmbeddingModel(ModelFile file, IEmbedder embedder, string engine, int batch, ImageIntake intake)
    {
        Intake = intake;
        Batch = batch;
        File = file;
        Embedder = embedder;
        Engine = engine;
        Shape = file.Info.ImageShape();
        Normalization = file.Info.Normalization();
        _input = new float[Shape.Size];
    }

    public ModelFile File { get; }
    public IEmbedder Embedder { get; }

    /// <summary>Which engine runs the model and why, as <see cref="Embedders.Open(byte[], ModelInfo, EmbedderSettings, Action{string}?)"/> reported it.</summary>
    public string Engine { get; }

    /// <summary>Images per engine call when embedding many.</summary>
    public int Batch { get; }

    public ImageShape Shape { get; }
    public Normalization Normalization { get; }
    public int Dimension => File.Info.EmbeddingDim;
    public ModelIdentity Identity => new(File.Sha256, Dimension);

    /// <summary>The region of interest image files are cropped to, and where warnings about them go.</summary>
    public ImageIntake Intake { get; }

    /// <param name="allowLargeInput">Takes a model whose input is over <see cref="InputSizeLimit.MaxValues"/>.</param>
    public static EmbeddingModel Open(string path, EmbedderBackend backend, int batch = 8, int threads = 1, ImageIntake? intake = null, bool allowLargeInput = false)
    {
        if (batch < 1) throw new ArgumentException($"The batch size is {batch}; it must be at least 1.");
        var bytes = ModelFile.ReadBytes(path);
        var file = ModelFile.Parse(bytes, path);
        if (!allowLargeInput)
            InputSizeLimit.Require(file.Info, path, "--allow-large-input");
        var engine = "";
        var embedder = CheckedModel.Open(bytes, file.Info, path, new EmbedderSettings { Backend = backend, MaxBatch = batch, Threads = threads }, report => engine = report);
        return new EmbeddingModel(file, embedder, engine, batch, intake ?? ImageIntake.Whole);
    }

    /// <summary>Decodes an image file and samples its region of interest to the model's input, as the daemon samples a camera frame.</summary>
    public byte[] ReadImage(string path)
    {
        var frame = ImageFile.Load(path, truncated: () => Intake.Truncated(path));
        Intake.Check(path, frame, Shape, File.Path);
        var image = new byte[Shape.Size];
        ImageFile.Sample(path, frame, Shape, image, Intake.Region);
        return image;
    }

    /// <summary>Embeds one 8-bit CHW image of the model's shape.</summary>
    public float[] Embed(ReadOnlySpan<byte> image)
    {
        var embedding = new float[Dimension];
        Normalization.Apply(image, _input);
        Embedder.Embed(_input, 1, embedding);
        UsableEmbedding.Check(embedding, "embedding of this image");
        return embedding;
    }

    /// <summary>Normalises one 8-bit CHW image into the float input the engine takes.</summary>
    public ReadOnlySpan<float> Preprocess(ReadOnlySpan<byte> image)
    {
        Normalization.Apply(image, _input);
        return _input;
    }

    /// <summary>Embeds a whole image set in batches; returns row-major [images.Count, Dimension].</summary>
    public float[] Embed(ImageSet images, ProgressBar progress)
    {
        RequireShape(images, "The images");
        return Embed(images.Count, images.Image, progress);
    }

    /// <summary>Embeds <paramref name="count"/> 8-bit CHW images of the model's shape in batches; returns row-major [count, Dimension].</summary>
    public float[] Embed(int count, ImageAt image, ProgressBar progress)
    {
        var size = Shape.Size;
        var embeddings = new float[(long)count * Dimension];
        var input = new float[(long)Batch * size];
        for (var start = 0; start < count; start += Batch)
        {
            var n = Math.Min(Batch, count - start);
            for (var i = 0; i < n; i++)
                Normalization.Apply(image(start + i), input.AsSpan(i * size, size));
            Embedder.Embed(input.AsSpan(0, n * size), n, embeddings.AsSpan(start * Dimension, n * Dimension));
            for (var i = 0; i < n; i++)
                UsableEmbedding.Check(embeddings.AsSpan((start + i) * Dimension, Dimension), $"embedding of image {start + i}");
            progress.Advance(n);
        }
        return embeddings;
    }

    /// <summary>Checks that <paramref name="images"/> have the model's input size and colour.</summary>
    public void RequireShape(ImageSet images, string what)
    {
        if (images.Channels != Shape.Channels || images.Height != Shape.Height || images.Width != Shape.Width)
            throw new ArgumentException($"{what} are {images.Channels}x{images.Height}x{images.Width} but the model '{File.Path}' takes {Shape.Channels}x{Shape.Height}x{Shape.Width} ({Shape}).");
    }

    public void Dispose() => Embedder.Dispose();
}
