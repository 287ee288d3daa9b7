using System.CommandLine;

namespace EdgeSearch.Cli.Commands;

/// <summary>Options that several commands share, so they are spelled and described the same everywhere.</summary>
public static class CommonOptions
{
    public static Option<string> Model() => new("--model", "-m") { Description = "The ONNX model file.", Required = true };

    public static Option<bool> Json() => new("--json") { Description = "Machine-readable output: one JSON object per line." };
}
