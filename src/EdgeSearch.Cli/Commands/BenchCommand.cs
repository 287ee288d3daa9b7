using System.CommandLine;
using EdgeSearch.Cli.Bench;
using EdgeSearch.Cli.Output;
using EdgeSearch.Core.Index;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Inference.Kernels;

namespace EdgeSearch.Cli.Commands;

/// <summary>
/// `edgesearch bench`: with --model, embedding latency of the engines side by side; with --gallery-size, the
/// single-query scan of a gallery that large; with --model and --layers, each planned step of the managed engine.
/// With --json the last line is one JSON object with the results.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "Time embedding with this ONNX model." };
        var backends = new Option<string>("--backends") { Description = "Engines to compare, comma-separated: managed, ort.", DefaultValueFactory = _ => "managed,ort" };
        var batch = CommonOptions.Batch(1);
        var threads = CommonOptions.Threads();
        var layers = new Option<bool>("--layers") { Description = "With --model: time each planned step of the managed engine, with its kernel path and share of the core's FMA peak." };
        var gallerySize = CommonOptions.AtLeastOne(new Option<int?>("--gallery-size") { Description = "Time a top-10 scan over this many random gallery entries (one thread)." });
        var dim = CommonOptions.AtLeastOne(new Option<int>("--dim") { Description = "With --gallery-size: the embedding dimension.", DefaultValueFactory = _ => 64 });
        var int8 = new Option<bool>("--int8") { Description = "With --gallery-size: store the entries as int8." };
        var warmup = new Option<int>("--warmup") { Description = "Untimed calls first.", DefaultValueFactory = _ => 50 };
        var iterations = new Option<int>("--iterations") { Description = "Timed calls (per engine).", DefaultValueFactory = _ => 300 };
        var json = CommonOptions.Json();
        var command = new Command("bench", "Time the engines on a model (--model), or a gallery scan (--gallery-size).")
        {
            model, backends, batch, threads, layers, gallerySize, dim, int8, warmup, iterations, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(model) is null == result.GetValue(gallerySize) is null)
                result.AddError("Give either --model or --gallery-size.");
            else if (result.GetValue(layers) && result.GetValue(model) is null)
                result.AddError("--layers times the steps of a --model.");
        });
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var asJson = parse.GetValue(json);
            var count = parse.GetValue(iterations);
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(gallerySize) is { } size)
            {
                var precision = parse.GetValue(int8) ? VectorPrecision.Int8 : VectorPrecision.Float32;
                ScanTiming scan;
                using (var progress = ProgressBar.Start(error, "bench", count))
                    scan = GalleryBench.Run(size, parse.GetValue(dim), precision, parse.GetValue(warmup), count, progress);
                WriteScan(output, asJson, scan);
                return 0;
            }
            if (parse.GetValue(layers))
            {
                IReadOnlyList<LayerTiming> steps;
                using (var progress = ProgressBar.Start(error, "bench", count))
                    steps = LayerBench.Run(parse.GetValue(model)!, parse.GetValue(batch), parse.GetValue(threads), parse.GetValue(warmup), count, progress);
                WriteLayers(output, asJson, steps, parse.GetValue(batch), parse.GetValue(threads), count);
                return 0;
            }
            var engines = ParseBackends(parse.GetRequiredValue(backends));
            IReadOnlyList<BackendTiming> timings;
            using (var progress = ProgressBar.Start(error, "bench", count))
                timings = ModelBench.Run(parse.GetValue(model)!, engines, parse.GetValue(batch), parse.GetValue(threads), parse.GetValue(warmup), count, progress);
            WriteModel(output, asJson, timings, parse.GetValue(batch), parse.GetValue(threads), count);
            return 0;
        });
        return command;
    }

    private static EmbedderBackend[] ParseBackends(string text)
    {
        var backends = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => name switch
        {
            "managed" => EmbedderBackend.Managed,
            "ort" => EmbedderBackend.Ort,
            _ => throw new FormatException($"--backends: '{name}' is not an engine; write managed, ort or managed,ort."),
        }).Distinct().ToArray();
        return backends.Length > 0 ? backends : throw new FormatException("--backends names no engine; write managed, ort or managed,ort.");
    }

    private static string Key(EmbedderBackend backend) => backend == EmbedderBackend.Managed ? "managed" : "ort";

    private static void WriteModel(TextWriter output, bool json, IReadOnlyList<BackendTiming> timings, int batch, int threads, int iterations)
    {
        var managed = timings.FirstOrDefault(t => t.Backend == EmbedderBackend.Managed);
        var ort = timings.FirstOrDefault(t => t.Backend == EmbedderBackend.Ort);
        double? ratio = managed is not null && ort is not null ? managed.PerImage.MedianUs / ort.PerImage.MedianUs : null;
        var flops = timings[0].FlopsPerImage;
        if (json)
        {
            JsonLine.Write(output, w =>
            {
                w.WriteNumber("batch", batch);
                w.WriteNumber("threads", threads);
                w.WriteNumber("iterations", iterations);
                if (flops is { } f) w.WriteNumber("flops_per_image", f);
                foreach (var t in timings)
                {
                    var key = Key(t.Backend);
                    w.WriteNumber($"{key}_us", t.PerImage.MedianUs);
                    w.WriteNumber($"{key}_p99_us", t.PerImage.P99Us);
                    w.WriteNumber($"{key}_images_per_s", t.ImagesPerSecond);
                    if (t.GflopsPerSecond is { } g) w.WriteNumber($"{key}_gflops", g);
                }
                if (ratio is { } r) w.WriteNumber("ratio", r);
            });
            return;
        }
        var table = new Table("backend", "median us/image", "p99 us/image", "images/s", "GFLOP/s", "engine");
        foreach (var t in timings)
            table.Add(Key(t.Backend), t.PerImage.MedianUs, t.PerImage.P99Us, Math.Round(t.ImagesPerSecond), t.GflopsPerSecond is { } g ? g : "n/a", t.Engine);
        table.WriteTo(output);
        output.WriteLine();
        output.WriteLine($"batch {batch}, threads {threads}, {iterations} interleaved calls per engine; {(flops is { } n ? $"{n / 1e6:0.###} MFLOP per image (conv/gemm MACs x 2, every view)" : "FLOPs not counted for this graph")}");
        if (ratio is { } value) output.WriteLine($"managed/ORT {value:0.###} (median latency; above 1 means the managed engine is slower)");
    }

    private static void WriteLayers(TextWriter output, bool json, IReadOnlyList<LayerTiming> steps, int batch, int threads, int iterations)
    {
        var total = steps.Sum(s => s.MicrosecondsPerImage);
        var peak = steps.Count == 0 ? 0 : steps[0].PeakGflops;
        if (json)
        {
            JsonLine.Write(output, w =>
            {
                w.WriteNumber("batch", batch);
                w.WriteNumber("threads", threads);
                w.WriteNumber("iterations", iterations);
                w.WriteString("platform", Platform.Describe());
                w.WriteNumber("peak_gflops", peak);
                w.WriteNumber("total_us", total);
                w.WriteStartArray("layers");
                foreach (var s in steps)
                {
                    w.WriteStartObject();
                    w.WriteString("node", s.Step.Node);
                    w.WriteString("path", s.Step.Path);
                    w.WriteNumber("us", s.MicrosecondsPerImage);
                    w.WriteNumber("multiply_adds", s.Step.MultiplyAdds);
                    if (s.GflopsPerSecond is { } g) w.WriteNumber("gflops", g);
                    if (s.PeakShare is { } share) w.WriteNumber("peak_share", share);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
            return;
        }
        var table = new Table("step", "node", "kernel path", "us/image", "share", "GFLOP/s", "of peak");
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            table.Add(i + 1, s.Step.Node, s.Step.Path, Math.Round(s.MicrosecondsPerImage, 1), Percent(s.MicrosecondsPerImage / total),
                s.GflopsPerSecond is { } g ? Math.Round(g, 1) : "", s.PeakShare is { } p ? Percent(p) : "");
        }
        table.WriteTo(output);
        output.WriteLine();
        output.WriteLine($"managed engine, batch {batch}, {threads} thread(s), {iterations} timed calls: {total:0.#} us per image over {steps.Count} steps (the sum of each step's median)");
        output.WriteLine($"{Platform.Describe()}; measured peak {peak:0.#} GFLOP/s (one thread, {(int)Platform.Widest}-bit FMA chains)");
    }

    private static string Percent(double share) => $"{Math.Round(100 * share)} %";

    private static void WriteScan(TextWriter output, bool json, ScanTiming scan)
    {
        var precision = scan.Precision == VectorPrecision.Int8 ? "int8" : "fp32";
        if (json)
        {
            JsonLine.Write(output, w =>
            {
                w.WriteNumber("gallery_size", scan.Size);
                w.WriteNumber("dim", scan.Dimension);
                w.WriteString("precision", precision);
                w.WriteNumber("k", GalleryBench.TopK);
                w.WriteNumber("bytes", scan.StoredBytes);
                w.WriteNumber("query_us", scan.PerQuery.MedianUs);
                w.WriteNumber("p99_us", scan.PerQuery.P99Us);
                w.WriteNumber("gbps", scan.GigabytesPerSecond);
            });
            return;
        }
        output.WriteLine($"top-{GalleryBench.TopK} scan of {scan.Size:N0} {scan.Dimension}-d {precision} entries ({scan.StoredBytes / 1e6:0.#} MB), one thread:");
        output.WriteLine($"  median {scan.PerQuery.MedianUs:0.#} us, p99 {scan.PerQuery.P99Us:0.#} us per query, {scan.GigabytesPerSecond:0.##} GB/s of stored vectors");
    }
}
