using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model;
using Microsoft.ML.OnnxRuntime;

namespace EdgeSearch.OnnxRuntime;

/// <summary>
/// Runs an ONNX embedding model with ONNX Runtime. Input and output live in two arrays sized for the maximum
/// batch; the OrtValues over them are made once per batch size and reused, so a call copies the images in,
/// runs, and copies the embeddings out. Not thread-safe.
/// </summary>
public sealed class OrtEmbedder : IEmbedder
{
    public const string BackendName = "onnxruntime";
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _maxBatch;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly Binding?[] _bindings;

    /// <summary>The OrtValues for one batch size, over the shared arrays.</summary>
    private sealed record Binding(OrtValue[] Inputs, OrtValue[] Outputs);

    public OrtEmbedder(byte[] model, OrtEmbedderOptions? options = null)
    {
        options ??= new OrtEmbedderOptions();
        if (options.MaxBatch < 1) throw new ArgumentOutOfRangeException(nameof(options), options.MaxBatch, "MaxBatch must be at least 1.");
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model, sessionOptions);
        if (_session.InputMetadata.Count != 1 || _session.OutputMetadata.Count != 1)
            throw new InvalidModelException($"The model must have one input and one output; it has {_session.InputMetadata.Count} and {_session.OutputMetadata.Count}.");
        var (inputName, input) = _session.InputMetadata.Single();
        var (outputName, output) = _session.OutputMetadata.Single();
        if (input.Dimensions.Length != 4 || input.Dimensions[1..].Any(d => d < 1))
            throw new InvalidModelException($"Input '{inputName}' must be [N, C, H, W] with fixed C, H, W; it is [{string.Join(", ", input.Dimensions)}].");
        if (output.Dimensions.Length != 2 || output.Dimensions[1] < 1)
            throw new InvalidModelException($"Output '{outputName}' must be [N, D] with a fixed D; it is [{string.Join(", ", output.Dimensions)}].");
        InputShape = new InputShape(input.Dimensions[1], input.Dimensions[2], input.Dimensions[3]);
        EmbeddingDimension = output.Dimensions[1];
        _inputNames = [inputName];
        _outputNames = [outputName];
        _maxBatch = options.MaxBatch;
        _input = new float[_maxBatch * InputShape.Length];
        _output = new float[_maxBatch * EmbeddingDimension];
        _bindings = new Binding?[_maxBatch + 1];
    }

    public static OrtEmbedder Load(string path, OrtEmbedderOptions? options = null) => new(ModelFile.ReadBytes(path), options);

    public string Backend => BackendName;
    public InputShape InputShape { get; }
    public int EmbeddingDimension { get; }

    public void Embed(ReadOnlySpan<float> images, int count, Span<float> embeddings)
    {
        var inLength = InputShape.Length;
        var outLength = EmbeddingDimension;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one image is needed.");
        if (images.Length < (long)count * inLength)
            throw new ArgumentException($"{count} images need {(long)count * inLength} floats; got {images.Length}.", nameof(images));
        if (embeddings.Length < (long)count * outLength)
            throw new ArgumentException($"{count} embeddings need {(long)count * outLength} floats; got {embeddings.Length}.", nameof(embeddings));
        for (var start = 0; start < count; start += _maxBatch)
        {
            var n = Math.Min(_maxBatch, count - start);
            images.Slice(start * inLength, n * inLength).CopyTo(_input);
            var binding = _bindings[n] ??= Bind(n);
            _session.Run(_runOptions, _inputNames, binding.Inputs, _outputNames, binding.Outputs);
            _output.AsSpan(0, n * outLength).CopyTo(embeddings.Slice(start * outLength, n * outLength));
        }
    }

    private Binding Bind(int n)
    {
        var shape = InputShape;
        var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _input.AsMemory(0, n * shape.Length),
            [n, shape.Channels, shape.Height, shape.Width]);
        var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(0, n * EmbeddingDimension),
            [n, EmbeddingDimension]);
        return new Binding([input], [output]);
    }

    public void Dispose()
    {
        foreach (var binding in _bindings)
        {
            if (binding is null) continue;
            binding.Inputs[0].Dispose();
            binding.Outputs[0].Dispose();
        }
        _runOptions.Dispose();
        _session.Dispose();
    }
}
