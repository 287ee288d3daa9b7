using System.Globalization;
using EdgeSearch.Daemon.Tests.Fakes;

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
        var (model, gallery, folder) = DaemonProcess.WriteReplayLine(run);
        var port = Ports.Free();

        // A generation-0 budget of 1 GiB: no collection unless one is asked for.
        using var daemon = DaemonProcess.Start(["--model", model, "--gallery", gallery, "--source", $"replay:{folder}", "--Replay:Loop", "true",
            "--Replay:Fps", "5", "--Metrics:PrometheusPort", port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x40000000" });
        var stderr = daemon.StandardError.ReadToEndAsync();
        try
        {
            await DaemonProcess.UntilStreamingAsync(daemon);
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
