using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;
using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Daemon.Tests.Matching;
using EdgeSearch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests;

/// <summary>A start that cannot succeed fails at once, as one line and exit 3: never blocked by a FIFO, never a stack trace.</summary>
public class HostileStartTests
{
    private static async Task<int> StartAsync(DaemonRun run, string model, string gallery, CapturedLogs? logs = null) =>
        await Task.Run(() => DaemonProgram.RunAsync(["--model", model, "--gallery", gallery, "--source", "rpicam"],
            new Systemd.SystemdEnvironment(null, null), run.Errors, services =>
            {
                services.AddSingleton<IFrameSource>(new FakeCameraSource());
                if (logs is not null)
                    services.AddSingleton<ILoggerProvider>(logs);
            }, systemFile: run.Path("none.json"))).WaitAsync(TimeSpan.FromMinutes(2));

    [Fact]
    public async Task A_fifo_or_a_device_as_the_model_fails_the_start_at_once()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var fifo = HostileFiles.Fifo(run.Path("model.onnx"));

        Assert.Equal(DaemonProgram.CannotStart, await StartAsync(run, fifo, run.Gallery));
        Assert.Contains("FIFO", run.Errors.ToString());

        var device = HostileFiles.LinkToDevZero(run.Path("zero.onnx"));
        Assert.Equal(DaemonProgram.CannotStart, await StartAsync(run, device, run.Gallery));
        Assert.Contains("character device", run.Errors.ToString());
    }

    [Fact]
    public async Task A_fifo_as_the_gallery_fails_the_start_at_once()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        QuadrantModel.Write(model);
        var fifo = HostileFiles.Fifo(run.Path("gallery.db"));

        Assert.Equal(DaemonProgram.CannotStart, await StartAsync(run, model, fifo));
        Assert.Contains("FIFO", run.Errors.ToString());
    }

    [Fact]
    public async Task A_failed_start_is_one_line_without_the_hosts_stack_trace()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        QuadrantModel.Write(model);
        GalleryStore.Create(run.Path("gallery.db"), new Gallery.ModelIdentity(new string('0', 64), QuadrantModel.Dimension)).Dispose();
        var logs = new CapturedLogs();

        Assert.Equal(DaemonProgram.CannotStart, await StartAsync(run, model, run.Path("gallery.db"), logs));

        Assert.Single(run.Errors.ToString().Trim().Split('\n'));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("Hosting failed to start"));
        Assert.DoesNotContain(logs.Entries, e => e.Exception is not null);
    }

    [Fact]
    public void A_model_input_over_1024x1024x3_is_refused_unless_the_configuration_allows_it()
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("large.onnx");
        QuadrantModel.Write(model);
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model));
        proto.Graph.Input[0] = OnnxProto.FloatValue(proto.Graph.Input[0].Name, OnnxProto.Dim("N"), OnnxProto.Dim(1), OnnxProto.Dim(4096), OnnxProto.Dim(4096));
        proto.MetadataProps.Clear();
        proto.MetadataProps.AddRange((QuadrantModel.Info with { Height = 4096, Width = 4096 }).ToMetadata()
            .Select(e => new StringStringEntryProto { Key = e.Key, Value = e.Value }));
        File.WriteAllBytes(model, proto.ToByteArray());
        var options = new DaemonOptions { Model = model, Gallery = run.Gallery, Backend = "managed" };

        var refused = Assert.Throws<ModelFormatException>(() => ModelMatcherLoader.Create(options, LineSettings.From(options), NullLoggerFactory.Instance));
        Assert.Contains("1x4096x4096", refused.Message);
        Assert.Contains("AllowLargeInput", refused.Message);
        // Allowed, the size passes; this hand-patched graph then fails in the engine, naming the file.
        options.AllowLargeInput = true;
        var engine = Assert.ThrowsAny<Exception>(() => ModelMatcherLoader.Create(options, LineSettings.From(options), NullLoggerFactory.Instance).Dispose());
        Assert.DoesNotContain("AllowLargeInput", engine.Message);
    }
}
