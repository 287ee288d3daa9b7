namespace EdgeSearch.Core.Inference;

/// <summary>Which engine runs the model.</summary>
public enum EmbedderBackend
{
    /// <summary>ONNX Runtime where its native library loads, else the managed engine.</summary>
    Auto,
    Managed,
    Ort,
}
