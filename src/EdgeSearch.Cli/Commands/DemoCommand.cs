using System.CommandLine;

namespace EdgeSearch.Cli.Commands;

/// <summary>
/// `edgesearch demo`: the line, offline, in seconds, on the bundled parts model: enroll a few reference scenes of
/// each good and defective part, calibrate, then decide held-out camera frames, unseen defects included, and print
/// the rates a plant watches. `demo fashion-mnist` is the earlier demo on the bundled Fashion-MNIST sample.
/// </summary>
public static class DemoCommand
{
    public const string BundledModel = "models/parts.onnx";

    /// <summary>The scenario the demo decides: a seed the shipped model was not trained or evaluated on.</summary>
    public const int DemoSeed = 7;

    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = $"The model to use instead of the bundled {BundledModel}." };
        var seed = new Option<int>("--seed") { Description = "The parts scenario to render (parts:SEED).", DefaultValueFactory = _ => DemoSeed };
        var scenario = new ScenarioOptions(defaultQueries: 25);
        var backend = CommonOptions.Backend();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("demo", "Enroll reference parts, calibrate, and decide held-out camera frames with the bundled parts model (offline, seconds).")
        {
            model, seed, backend, threads, json, FashionMnistDemoCommand.Create(),
        };
        foreach (var option in scenario.All) command.Options.Add(option);
        command.SetAction(parse => EvalCommand.RunScenario(parse, parse.GetValue(model) ?? Bundled(BundledModel, "--model"),
            $"parts:{parse.GetValue(seed)}", scenario, parse.GetValue(backend), parse.GetValue(threads), parse.GetValue(json)));
        return command;
    }

    /// <summary>A bundled file: next to the executable first (a published build), then under the current directory (the repository).</summary>
    public static string Bundled(string relative, string option)
    {
        var candidates = new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }.Select(dir => Path.Combine(dir, relative)).ToArray();
        return candidates.FirstOrDefault(p => File.Exists(p) || Directory.Exists(p))
            ?? throw new FileNotFoundException($"The bundled {relative} is in neither {string.Join(" nor ", candidates)}; pass {option}.");
    }
}
