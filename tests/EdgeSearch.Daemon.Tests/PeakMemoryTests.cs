using System.Buffers.Binary;
using System.Text.Json;
using EdgeSearch.Cli;
using EdgeSearch.Testing;
using Xunit.Abstractions;

namespace EdgeSearch.Daemon.Tests;

/// <summary>
/// Hostile files fed to the real programs, each a process of its own, with the shipped parts model: no command and
/// no daemon run goes above 300 MB peak RSS, and the good picture among them still gets its answer.
/// </summary>
public sealed class PeakMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const long Bound = 300L << 20;
    private const string Roi = "160,80,320,320";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly string _folder = Directory.CreateTempSubdirectory("edgesearch-peak-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_folder, name);

    [Fact]
    public void No_hostile_file_takes_a_command_or_the_daemon_above_300_MB()
    {
        var model = Repository.Model("parts.onnx");
        var frames = Path("frames");
        Cli("scenes", "-d", "parts:7", "--limit", "1", "--flat", "--out", frames);
        var good = Directory.GetFiles(frames).Single();
        var gallery = Path("gallery.db");
        Cli("enroll", "-g", gallery, "-m", model, "--label", "washer-good", "--roi", Roi, good);
        var replay = Path("replay");
        var hostile = WriteHostileFiles(replay, File.ReadAllBytes(good));
        var large = WriteLargeInputModel(Path("large.onnx"), model);
        var cli = typeof(CliApp).Assembly.Location;

        var match = Measured(cli, ["match", "-g", gallery, "--roi", Roi, "--json", .. hostile]);
        var labels = match.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("input", out _))
            .ToDictionary(l => l.GetProperty("input").GetString()!, l => l.TryGetProperty("label", out var label) ? label.GetString() : null);
        // The good frame, and the same frame behind an unread text chunk, are decided; the other four are refused.
        Assert.Equal(["washer-good", "washer-good", null, null, null, null], hostile.Select(file => labels[file]));

        Assert.NotEqual(0, Measured(cli, ["enroll", "-g", Path("other.db"), "-m", model, "--label", "x", .. hostile[1..]]).Exit);
        Assert.NotEqual(0, Measured(cli, ["enroll", "-g", Path("large.db"), "-m", large, "--backend", "ort", "--label", "x", good]).Exit);
        Assert.Equal(0, Measured(cli, ["inspect", "-m", large]).Exit);

        var log = Path("decisions.jsonl");
        var config = Path("edgesearch.json");
        File.WriteAllText(config, """{ "Roi": { "X": 160, "Y": 80, "Width": 320, "Height": 320 }, "Decision": { "OkLabels": [ "washer-good" ], "Threshold": 0.5 } }""");
        var daemon = Measured(typeof(DaemonProgram).Assembly.Location, ["--config", config, "--model", model, "--gallery", gallery,
            "--source", $"replay:{replay}", "--Replay:Loop", "false", "--Replay:Fps", "0", "--Trigger:Fps", "0", "--decision-log", log]);
        Assert.True(daemon.Exit == 0, daemon.Error);
        Assert.Equal(["washer-good", "washer-good"], File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetString()));
    }

    private PeakMemory.Run Measured(string program, string[] arguments)
    {
        var run = PeakMemory.Of(program, arguments, Limit);
        output.WriteLine($"{System.IO.Path.GetFileNameWithoutExtension(program)} {arguments[0]}: exit {run.Exit}, peak {run.PeakBytes >> 20} MiB");
        Assert.True(run.PeakBytes <= Bound, $"{arguments[0]} peaked at {run.PeakBytes >> 20} MiB: {run.Error}");
        return run;
    }

    /// <summary>The good frame first, then the hostile ones, in replay order.</summary>
    private static string[] WriteHostileFiles(string folder, byte[] goodPng)
    {
        Directory.CreateDirectory(folder);
        string At(string name) => System.IO.Path.Combine(folder, name);
        File.WriteAllBytes(At("0-good.png"), goodPng);
        File.WriteAllBytes(At("1-text-bomb.png"), DecompressionBombs.PngWithTextBomb(goodPng, 512));
        File.WriteAllBytes(At("2-animated-gif.png"), DecompressionBombs.AnimatedGif(7000, 7000, 400));
        File.WriteAllBytes(At("3-huge-header.png"), WithPngSize(goodPng, 1_000_000, 1_000_000));
        HostileFiles.LinkToDevZero(At("4-dev-zero.png"));
        HostileFiles.Fifo(At("5-fifo.png"));
        return Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray();
    }

    private static byte[] WithPngSize(byte[] png, int width, int height)
    {
        var bytes = (byte[])png.Clone();
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), DecompressionBombs.Crc32(bytes.AsSpan(12, 17)));
        return bytes;
    }

    /// <summary>The parts model with its graph and metadata claiming a 3×4096×4096 input.</summary>
    private static string WriteLargeInputModel(string path, string model)
    {
        var proto = Core.Model.Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(model));
        var input = proto.Graph.Input[0].Type.TensorType.Shape.Dim;
        input[2].DimValue = 4096;
        input[3].DimValue = 4096;
        foreach (var entry in proto.MetadataProps.Where(e => e.Key is "input.height" or "input.width"))
            entry.Value = "4096";
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(proto));
        return path;
    }

    private static void Cli(params string[] args)
    {
        var error = new StringWriter();
        Assert.True(CliApp.Run(args, new StringWriter(), error) == 0, error.ToString());
    }
}
