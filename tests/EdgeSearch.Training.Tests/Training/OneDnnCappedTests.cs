using System.Diagnostics;
using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Tests.Training;

/// <summary>
/// The trainer with oneDNN capped at AVX2, as docs/training.md tells users to run it. The cap must be in the
/// environment before libtorch loads, so the trainer runs as a process of its own: its start-up check compares
/// oneDNN's convolution gradients with float64 and turns oneDNN on only when they agree.
/// </summary>
public sealed class OneDnnCappedTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgesearch-onednn-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Capped_at_AVX2_oneDNN_passes_the_gradient_check_and_trains()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(Trainer).Assembly.Location, "train", "--dataset", "parts:1", "--limit", "32",
                     "--input-size", "16", "--steps", "2", "--batch-size", "16", "--threads", "1", "--out", _folder })
            start.ArgumentList.Add(argument);
        start.Environment["ONEDNN_MAX_CPU_ISA"] = "AVX2";
        using var trainer = Process.Start(start)!;
        var output = trainer.StandardOutput.ReadToEndAsync();
        var error = trainer.StandardError.ReadToEndAsync();
        await trainer.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));

        var printed = await output + await error;
        Assert.True(trainer.ExitCode == 0, printed);
        Assert.Contains("oneDNN on (ONEDNN_MAX_CPU_ISA set; its convolution gradients match float64 on this CPU)", printed);
        Assert.True(File.Exists(Path.Combine(_folder, "model.onnx")), printed);
    }
}
