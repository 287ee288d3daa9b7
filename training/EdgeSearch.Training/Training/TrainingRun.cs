namespace EdgeSearch.Training.Training;

/// <summary>How a model was trained, for its card: the command line that reproduces it and the wall time it took.</summary>
public sealed record TrainingRun(string Command, double WallSeconds)
{
    /// <summary>This process's command line, spelt as a `dotnet run` from the repository root.</summary>
    public static string ThisCommand() =>
        "dotnet run --project training/EdgeSearch.Training -c Release -- " +
        string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(a => a.Contains(' ') ? $"'{a}'" : a));
}
