using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Cli.Tests.Fixtures;

/// <summary>A temporary folder for one test, with helpers to run the CLI in-process and to write images.</summary>
public sealed class Workspace : IDisposable
{
    public Workspace() => Directory = System.IO.Directory.CreateTempSubdirectory("edgesearch-cli-").FullName;

    public string Directory { get; }

    /// <summary>The bundled Fashion-MNIST sample, copied next to the CLI by its project file.</summary>
    public static string Samples => System.IO.Path.Combine(AppContext.BaseDirectory, "models", "samples");

    public static string SamplesSpec => $"fashion-mnist:{Samples}";

    public string Path(string name) => System.IO.Path.Combine(Directory, name);

    public static CliRun Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CliApp.Run(args, output, error);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>Writes a gray PNG of the given pixels (row-major) and returns its path.</summary>
    public string Png(string name, int width, int height, Func<int, int, byte> pixel)
    {
        using var image = new Image<L8>(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image[x, y] = new L8(pixel(x, y));
        var path = Path(name);
        image.SaveAsPng(path);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>What one in-process run of the CLI returned and wrote.</summary>
public sealed record CliRun(int Exit, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public JsonElement[] Json => Lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();

    /// <summary>Asserts the run failed with exactly one line on stderr, a message and no stack trace, and returns it.</summary>
    public string SingleErrorLine()
    {
        Assert.NotEqual(0, Exit);
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one error line, got:\n{Error}");
        Assert.StartsWith("edgesearch: ", lines[0]);
        Assert.DoesNotContain("   at ", Error);
        return lines[0];
    }
}
