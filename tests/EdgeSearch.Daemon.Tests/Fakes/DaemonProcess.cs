using System.Diagnostics;
using EdgeSearch.Daemon.Tests.Matching;
using EdgeSearch.Gallery;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests.Fakes;

/// <summary>edgesearchd as a process of its own, on a calibrated quadrant-model gallery and a replay folder of one frame.</summary>
internal static class DaemonProcess
{
    /// <summary>Writes the model, a gallery with one calibrated entry and a replay folder holding one gray frame.</summary>
    public static (string Model, string Gallery, string Folder) WriteReplayLine(DaemonRun run)
    {
        var model = run.Path("quadrants.onnx");
        var gallery = run.Path("gallery.db");
        using (var store = GalleryStore.Create(gallery, QuadrantModel.Write(model)))
        {
            store.Add(new Enrollment("good", QuadrantModel.Embedding([200, 40, 40, 40]), "test:good"));
            store.SetThreshold(0.9f);
        }
        var folder = run.Path("images");
        Directory.CreateDirectory(folder);
        using (var image = new Image<Rgb24>(16, 16, new Rgb24(120, 120, 120)))
            image.SaveAsPng(Path.Combine(folder, "0.png"));
        return (model, gallery, folder);
    }

    /// <summary>Starts <c>dotnet edgesearchd.dll</c> with <paramref name="arguments"/>, its output redirected.</summary>
    public static Process Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments.Prepend(typeof(DaemonProgram).Assembly.Location))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return Process.Start(start)!;
    }

    /// <summary>Reads the daemon's output until its camera is streaming (at most a minute).</summary>
    public static async Task UntilStreamingAsync(Process daemon)
    {
        while (await daemon.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) is { } line && !line.Contains("is streaming"))
        {
        }
    }
}
