using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using EdgeSearch.Cli.Commands;

namespace EdgeSearch.Cli;

/// <summary>The `edgesearch` command tree, and the one place where failures become one line and an exit code.</summary>
public static class CliApp
{
    public const int Failure = 1;

    public static RootCommand Build()
    {
        var root = new RootCommand("EdgeSearch: offline visual similarity search for single-board computers.");
        foreach (var command in new[]
                 {
                     DemoCommand.Create(), EnrollCommand.Create(), MatchCommand.Create(), GalleryCommand.Create(), EvalCommand.Create(),
                     EmbedCommand.Create(), InspectCommand.Create(), BenchCommand.Create(), ScenesCommand.Create(),
                 })
            root.Subcommands.Add(command);
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parse = Build().Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            error.WriteLine($"edgesearch: {string.Join(" ", parse.Errors.Select(e => e.Message))} See '{CommandPath(parse.CommandResult)} --help'.");
            return Failure;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One line, whatever the message: native libraries (ONNX Runtime, SQLite) write multi-line ones.
            error.WriteLine($"edgesearch: {Describe(e).ReplaceLineEndings(" ")}");
            if (Environment.GetEnvironmentVariable("EDGESEARCH_DEBUG") == "1")
                error.WriteLine(e);
            return Failure;
        }
    }

    private static string CommandPath(CommandResult command) =>
        command.Parent is CommandResult parent ? $"{CommandPath(parent)} {command.Command.Name}" : "edgesearch";

    /// <summary>The message a user can act on: the innermost cause, unless an outer layer added context.</summary>
    private static string Describe(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } aggregate ? Describe(aggregate.InnerExceptions[0]) : e.Message;
}
