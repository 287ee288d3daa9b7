using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Daemon.Tests.Matching;
using Microsoft.Extensions.Hosting;
using SixLabors.ImageSharp;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests.Web;

/// <summary>
/// edgesearchd on a real model (<see cref="QuadrantModel"/>) and gallery (good, scratch and dent enrolled), looping a
/// replay of quadrant scenes, with its operator page on a free port: what the page and browser tests drive.
/// </summary>
internal sealed class OperatorLine : IAsyncDisposable
{
    public const string Token = "line-7-token";
    private readonly Task<int> _exit;
    private readonly IHostApplicationLifetime _lifetime;

    private OperatorLine(DaemonRun run, int port, Task<int> exit, IHostApplicationLifetime lifetime)
    {
        (Run, Port, _exit, _lifetime) = (run, port, exit, lifetime);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public DaemonRun Run { get; }
    public int Port { get; }
    public HttpClient Http { get; }
    public string GalleryPath => Run.Path("gallery.db");
    public string Url => $"http://127.0.0.1:{Port}/";

    /// <param name="scenes">Quadrant levels of the replayed frames, looped.</param>
    /// <param name="token">Web:Token; null configures none.</param>
    public static async Task<OperatorLine> StartAsync(byte[][] scenes, string? token = Token, double fps = 20)
    {
        var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        using (var gallery = GalleryStore.Create(run.Path("gallery.db"), QuadrantModel.Write(model)))
        {
            ModelMatcherTests.Enroll(gallery, "good", ModelMatcherTests.Good);
            ModelMatcherTests.Enroll(gallery, "scratch", ModelMatcherTests.Scratch);
            ModelMatcherTests.Enroll(gallery, "dent", ModelMatcherTests.Dent);
            gallery.SetThreshold(ModelMatcherTests.Threshold);
        }
        var images = run.Path("replay");
        Directory.CreateDirectory(images);
        for (var i = 0; i < scenes.Length; i++)
        {
            using var scene = ModelMatcherTests.Scene(scenes[i]);
            scene.SaveAsPng(Path.Combine(images, $"{i:D3}.png"));
        }
        var port = Ports.Free();
        var config = run.Path("edgesearch.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            Backend = "managed",
            Roi = new { X = 4, Y = 0, Width = 16, Height = 16 },
            Decision = new { OkLabels = new[] { "good" } },
            Replay = new { Fps = fps, Loop = true },
            Web = new { Port = port, Token = token },
        }));
        var exit = run.StartAsync(["--config", config, "--model", model, "--gallery", run.Path("gallery.db"), "--source", $"replay:{images}"]);
        var started = await Task.WhenAny(run.Lifetime.Task, exit);
        if (started == exit)
            throw new InvalidOperationException($"edgesearchd exited {await exit}: {run.Errors}");
        return new OperatorLine(run, port, exit, await run.Lifetime.Task);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>POSTs a JSON body with <paramref name="token"/> as the bearer token (none when null).</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, object body, string? token = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>Polls the recent decisions until one satisfies <paramref name="wanted"/>.</summary>
    public Task<JsonElement> DecisionAsync(Func<JsonElement, bool> wanted) =>
        UntilAsync("/api/decisions", decisions => decisions.EnumerateArray().Where(wanted).Select(d => (JsonElement?)d).FirstOrDefault());

    /// <summary>Polls the status until it satisfies <paramref name="wanted"/> (a change shows from the next frame on).</summary>
    public Task<JsonElement> StatusAsync(Func<JsonElement, bool> wanted) =>
        UntilAsync("/api/status", status => wanted(status) ? status : null);

    /// <summary>Polls a JSON answer until <paramref name="found"/> finds something in it; fails after 30 s.</summary>
    private async Task<JsonElement> UntilAsync(string path, Func<JsonElement, JsonElement?> found)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(50))
            if (found(await GetJsonAsync(path)) is { } hit)
                return hit;
        throw new TimeoutException($"nothing wanted at {path} within 30 s: {await Http.GetStringAsync(path)}");
    }

    public async ValueTask DisposeAsync()
    {
        _lifetime.StopApplication();
        await _exit;
        Http.Dispose();
        Run.Dispose();
    }
}
