using System.Diagnostics;
using System.Globalization;

namespace EdgeSearch.Testing;

/// <summary>A .NET program run as a process of its own under GNU time, which reports its peak resident set size.</summary>
public static class PeakMemory
{
    public const string Time = "/usr/bin/time";

    public sealed record Run(int Exit, string Output, string Error, long PeakBytes);

    /// <summary>Runs <c>dotnet <paramref name="assembly"/> <paramref name="arguments"/></c> to its end (at most
    /// <paramref name="limit"/>) and returns what it printed and its peak RSS.</summary>
    public static Run Of(string assembly, IEnumerable<string> arguments, TimeSpan limit)
    {
        if (!File.Exists(Time))
            throw new InvalidOperationException($"{Time} is missing: install Debian's 'time' package (.ci/run does).");
        var report = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo(Time) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "--format", "%M", "--output", report, "dotnet", assembly }.Concat(arguments))
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet {Path.GetFileName(assembly)} {string.Join(' ', arguments)} ran past {limit}.");
            }
            // GNU time writes "Command exited with non-zero status N" before the figure; the figure is the last line.
            var kilobytes = long.Parse(File.ReadLines(report).Last(), CultureInfo.InvariantCulture);
            return new Run(process.ExitCode, output.Result, error.Result, kilobytes * 1024);
        }
        finally
        {
            File.Delete(report);
        }
    }
}
