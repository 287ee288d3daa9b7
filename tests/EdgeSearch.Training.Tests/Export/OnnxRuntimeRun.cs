using Microsoft.ML.OnnxRuntime;

namespace EdgeSearch.Training.Tests.Export;

/// <summary>Runs a model, unmodified, in ONNX Runtime with its default settings.</summary>
internal static class OnnxRuntimeRun
{
    public static (float[] Output, long[] Shape) Embed(byte[] model, float[] image, params long[] shape)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(image, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["image"], [input], ["embedding"]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape);
    }
}
