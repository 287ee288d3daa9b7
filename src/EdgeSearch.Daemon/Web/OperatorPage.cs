using System.Net;
using System.Text.Json;
using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using Microsoft.Extensions.Hosting;

namespace EdgeSearch.Daemon.Web;

/// <summary>
/// The operator page and its API, served by the daemon when Web:Port is set, on Web:Address (loopback unless set):
/// <c>GET /</c> the page; <c>GET /api/status</c>, <c>/api/decisions</c>; PNGs of kept frames and of gallery references;
/// <c>POST /api/teach</c>, <c>/api/roi</c>, <c>/api/threshold</c> with the token (<see cref="LineChanges"/>).
/// </summary>
public sealed class OperatorPage : BackgroundService
{
    private readonly LocalHttpServer _server;
    private readonly RecentDecisions _recent;
    private readonly LineCounts _counts;
    private readonly LineChanges _changes;
    private readonly MatcherSlot _matchers;
    private readonly PipelineMetrics _metrics;
    private readonly DeviceStatus _device;
    private readonly ILogger<OperatorPage> _logger;

    public OperatorPage(WebOptions options, RecentDecisions recent, LineCounts counts, LineChanges changes, MatcherSlot matchers,
        PipelineMetrics metrics, DeviceStatus device, ILogger<OperatorPage> logger)
    {
        (_recent, _counts, _changes, _matchers, _metrics, _device, _logger) = (recent, counts, changes, matchers, metrics, device, logger);
        _server = new LocalHttpServer(IPAddress.Parse(options.Address), options.Port, (request, _) => Task.FromResult(Answer(request)), logger);
    }

    public int Port => _server.Port;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _server.Start();
        _logger.LogInformation("Operator page on {Url}{Changes}", LocalHttpServer.Url(_server.Address, _server.Port, "/"),
            _changes.Allowed ? "" : " (read-only: no Web:Token, so teach, ROI and threshold are off)");
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stopping) => _server.RunAsync(stopping);

    internal HttpResponse Answer(HttpRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (request.Method, segments) switch
        {
            ("GET", ["api", "status"]) => Json(PageJson.Status(_device, _metrics.Snapshot(), _recent.List().FirstOrDefault(), _counts.Read(), _changes.Allowed)),
            ("GET", ["api", "decisions"]) => Json(PageJson.Decisions(_recent.List())),
            ("GET", ["api", "frames", var id, "picture.png"]) => _recent.Find(id) is { } kept ? Pictures.Decision(kept) : Gone(id),
            ("GET", ["api", "frames", var id, "frame.png"]) => _recent.Find(id) is { } kept ? Pictures.Plain(kept.Captured.Frame) : Gone(id),
            ("GET", ["api", "references", var file]) when file.EndsWith(".png", StringComparison.Ordinal) && long.TryParse(file[..^4], out var entry) =>
                Pictures.Reference(_matchers.GalleryPath, entry) ?? HttpResponse.Error(404, $"gallery entry {entry} has no reference image"),
            ("POST", ["api", "teach"]) => Change(request, _changes.Teach),
            ("POST", ["api", "roi"]) => Change(request, _changes.SetRoi),
            ("POST", ["api", "threshold"]) => Change(request, _changes.SetThreshold),
            ("GET", _) => PageAssets.Find(request.Path) ?? HttpResponse.Error(404, $"nothing at {request.Path}"),
            _ => HttpResponse.Error(405, $"{request.Method} {request.Path} is not something this page does"),
        };
    }

    private HttpResponse Change(HttpRequest request, Func<JsonElement, HttpResponse> change)
    {
        if (_changes.Refusal(request) is { } refusal)
            return refusal;
        try
        {
            using var body = JsonDocument.Parse(request.Body);
            return body.RootElement.ValueKind == JsonValueKind.Object ? change(body.RootElement) : HttpResponse.Error(400, "the body must be a JSON object");
        }
        catch (JsonException e)
        {
            return HttpResponse.Error(400, $"the body is not JSON: {e.Message}");
        }
    }

    private static HttpResponse Json(byte[] body) => new(200, "application/json", body);

    private static HttpResponse Gone(string frameId) => HttpResponse.Error(404, $"frame '{frameId}' is no longer kept");

    public override void Dispose()
    {
        _server.Dispose();
        base.Dispose();
    }
}
