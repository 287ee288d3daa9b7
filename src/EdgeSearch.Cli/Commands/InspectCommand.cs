using System.CommandLine;
using EdgeSearch.Cli.Output;
using EdgeSearch.Core.Model;
using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Cli.Commands;

/// <summary>`edgesearch inspect`: what a model file is: its metadata, size, parameter count and operators.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var model = CommonOptions.Model();
        var json = CommonOptions.Json();
        var command = new Command("inspect", "Show a model's metadata, parameter count, size and operators.") { model, json };
        command.SetAction(parse =>
        {
            var file = ModelFile.Load(parse.GetRequiredValue(model));
            Write(file, parse.GetValue(json), parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    private static void Write(ModelFile file, bool json, TextWriter output)
    {
        var bytes = new FileInfo(file.Path).Length;
        var parameters = file.Model.Graph.Initializer.Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));
        var ops = OperatorCounts(file.Model);
        var metadata = file.Model.MetadataProps.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
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
            });
            return;
        }
        var info = file.Info;
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
    }

    /// <summary>What the model sees of a picture, in plain words.</summary>
    private static string Sees(ModelInfo info) =>
        $"each image (or its --roi / the daemon's Roi) averaged down to {info.Width}x{info.Height} pixels, " +
        (info.Color == Core.Imaging.ColorMode.Gray ? "in gray: colour is lost" : "in colour (RGB)");

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
