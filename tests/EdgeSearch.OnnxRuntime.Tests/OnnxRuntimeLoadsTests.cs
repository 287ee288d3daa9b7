using Microsoft.ML.OnnxRuntime;

namespace EdgeSearch.OnnxRuntime.Tests;

public class OnnxRuntimeLoadsTests
{
    [Fact]
    public void NativeLibraryLoads() => Assert.Contains("CPUExecutionProvider", OrtEnv.Instance().GetAvailableProviders());
}
