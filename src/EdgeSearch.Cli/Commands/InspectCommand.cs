using System.CommandLine;
using EdgeSearch.Cli.Output;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Cli.Commands;

/// <summary>
/// `edgesearch inspect`: what a model file is: its metadata, size, parameter count and operators, and the managed
/// engine's plan for it on this machine: each step with its kernel path.
/// </summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model();
        var json = CommonOptions.Json();
        var command = new Command("inspect", "Show a model's metadata, parameter count, size, operators and the managed engine's kernel paths.") { model, json };
        command.SetAction(parse =>
        {
            var file = ModelFile.Load(parse.GetRequiredValue(model));
            Write(file, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            return 0;
        });
        return command;
    }

    private static void Write(ModelFile file, bool json, TextWriter output, TextWriter error)
    {
        var info = file.Info;
        if (InputSizeLimit.IsLarge(info))
            error.WriteLine($"edgesearch: warning: '{file.Path}' takes a {info.Channels}x{info.Height}x{info.Width} input, over the 1024x1024x3 other commands take without --allow-large-input.");
        var bytes = new FileInfo(file.Path).Length;
        var parameters = file.Model.Graph.Initializer.Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));
        var ops = OperatorCounts(file.Model);
        var metadata = file.Model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var (steps, unplanned) = Plan(file);
        if (json)
        {
            JsonLine.Write(output, w =>
            {
                w.WriteString("path", file.Path);
                w.WriteString("sha256", file.Sha256);
                w.WriteNumber("bytes", bytes);
                w.WriteNumber("parameters", parameters);
                w.WriteString("sees", Sees(file.Info));
                w.WriteStartObject("metadata");
                foreach (var (key, value) in metadata) w.WriteString(key, value);
                w.WriteEndObject();
                w.WriteStartObject("ops");
                foreach (var (op, count) in ops) w.WriteNumber(op, count);
                w.WriteEndObject();
                w.WriteString("platform", Platform.Describe());
                if (unplanned is not null) w.WriteString("managed_engine_error", unplanned);
                w.WriteStartArray("managed_steps");
                foreach (var step in steps)
                {
                    w.WriteStartObject();
                    w.WriteString("node", step.Node);
                    w.WriteString("path", step.Path);
                    w.WriteNumber("multiply_adds", step.MultiplyAdds);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
            return;
        }
        output.WriteLine(file.Path);
        output.WriteLine($"  sha256      {file.Sha256}");
        output.WriteLine($"  size        {bytes:N0} bytes");
        output.WriteLine($"  parameters  {parameters:N0} (BN folded)");
        output.WriteLine($"  input       {info.Color.ToString().ToLowerInvariant()} {info.Channels}x{info.Height}x{info.Width}, mean {string.Join(',', info.Mean)}, std {string.Join(',', info.Std)}");
        output.WriteLine($"  sees        {Sees(info)}");
        output.WriteLine($"  embedding   {info.EmbeddingDim}-d{(info.EmbeddingNormalized ? ", L2-normalised" : "")}");
        output.WriteLine();
        var table = new Table("metadata", "value");
        foreach (var (key, value) in metadata) table.Add(key, value);
        table.WriteTo(output);
        output.WriteLine();
        var opTable = new Table("op", "count");
        foreach (var (op, count) in ops) opTable.Add(op, count);
        opTable.WriteTo(output);
        output.WriteLine();
        output.WriteLine($"managed engine on this machine: {Platform.Describe()}");
        if (unplanned is not null)
        {
            output.WriteLine($"  cannot run this model: {unplanned}");
            return;
        }
        var stepTable = new Table("step", "node", "kernel path", "MACs");
        for (var i = 0; i < steps.Count; i++) stepTable.Add(i + 1, steps[i].Node, steps[i].Path, steps[i].MultiplyAdds);
        stepTable.WriteTo(output);
    }

    /// <summary>The managed engine's steps for the model, or why it cannot plan it (a large input is not planned: its buffers would be too).</summary>
    private static (IReadOnlyList<StepSummary> Steps, string? Error) Plan(ModelFile file)
    {
        if (InputSizeLimit.IsLarge(file.Info)) return ([], "not planned: the input is over the size other commands take");
        try
        {
            using var embedder = new ManagedEmbedder(file.Model, new ManagedEngineOptions { MaxBatch = 1 });
            return (embedder.Steps, null);
        }
        catch (InvalidModelException e)
        {
            return ([], e.Message);
        }
    }

    /// <summary>What the model sees of a picture, in plain words.</summary>
    private static string Sees(ModelInfo info) =>
        $"each image (or its --roi / the daemon's Roi) averaged down to {info.Width}x{info.Height} pixels, " +
        (info.Color == Core.Imaging.ColorMode.Gray ? "in gray: colour is lost" : "in colour (RGB)") +
        (info.Views.Count > 1 ? $"; embedded in {info.Views.Count} views ({info.Views}) and averaged, so each costs {info.Views.Count} passes" : "");

    /// <summary>Graph operators by count, with each model-local function's body listed as "function/op".</summary>
    private static SortedDictionary<string, int> OperatorCounts(ModelProto model)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Count(string name) => counts[name] = counts.GetValueOrDefault(name) + 1;
        foreach (var node in model.Graph.Node) Count(string.IsNullOrEmpty(node.Domain) ? node.OpType : $"{node.Domain}.{node.OpType}");
        foreach (var function in model.Functions)
            foreach (var node in function.Node) Count($"{function.Name}/{node.OpType}");
        return counts;
    }
}
