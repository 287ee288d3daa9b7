using System.CommandLine;
using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Training.Commands;

var root = new RootCommand("EdgeSearch training: train, evaluate and export Hybrid-1 embedding networks")
{
    TrainCommand.Create(Console.Out, Console.Error),
    EvaluateCommand.Create(Console.Out),
    ExportCommand.Create(Console.Out),
};
try
{
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidDataException or InvalidOperationException
                               or DatasetFormatException or ImageFileException)
{
    // Bad input (options, dataset files, checkpoints) gets its message, not a stack trace.
    Console.Error.WriteLine($"edgesearch-train: {e.Message}");
    return 1;
}
