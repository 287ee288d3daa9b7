using System.CommandLine;
using EdgeSearch.Training.Commands;

var root = new RootCommand("EdgeSearch training: train, evaluate and export Hybrid-1 embedding networks")
{
    TrainCommand.Create(Console.Out, Console.Error),
    EvaluateCommand.Create(Console.Out),
    ExportCommand.Create(Console.Out),
};
return root.Parse(args).Invoke();
