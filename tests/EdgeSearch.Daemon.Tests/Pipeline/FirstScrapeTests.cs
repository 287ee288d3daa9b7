using System.Diagnostics;
using System.Globalization;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Daemon.Tests.Matching;
using EdgeSearch.Gallery;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests.Pipeline;

/// <summary>
/// The GC figures are true from the first scrape. The daemon runs as its own process with a generation-0 budget so
/// large that nothing collects on its own during the run: without the collection the first reading makes, the GC
/// would report a heap of 0.
/// </summary>
public class FirstScrapeTests
{
    [Fact]
    public async Task The_first_scrape_reports_the_gc_heap_before_any_collection_of_its_own()
    {
        using var run = new DaemonRun(fakeMatcher: false);
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
        var port = Ports.Free();

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(DaemonProgram).Assembly.Location, "--model", model, "--gallery", gallery,
                     "--source", $"replay:{folder}", "--Replay:Loop", "true", "--Replay:Fps", "5", "--Metrics:PrometheusPort", port.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_GCgen0size"] = "0x40000000"; // 1 GiB: no collection unless one is asked for
        using var daemon = Process.Start(start)!;
        var stderr = daemon.StandardError.ReadToEndAsync();
        try
        {
            while (await daemon.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) is { } line && !line.Contains("is streaming"))
            {
            }
            using var http = new HttpClient();
            var metrics = (await http.GetStringAsync($"http://127.0.0.1:{port}/metrics")).Split('\n');

            double Value(string name) => double.Parse(metrics.Single(l => l.StartsWith(name + " ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);
            Assert.True(Value("edgesearch_gc_heap_bytes") > 0, string.Join('\n', metrics));
            Assert.True(Value("edgesearch_gc_committed_bytes") > 0, string.Join('\n', metrics));
        }
        finally
        {
            daemon.Kill();
            await daemon.WaitForExitAsync();
        }
        Assert.DoesNotContain("Unhandled", await stderr);
    }
}
