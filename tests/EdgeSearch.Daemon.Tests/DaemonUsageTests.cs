using System.Diagnostics;
using System.Text.Json;
using EdgeSearch.Core.Matching;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Testing;

namespace EdgeSearch.Daemon.Tests;

public class DaemonUsageTests
{
    [Theory]
    [InlineData("--help", "edgesearchd: camera frames")]
    [InlineData("--version", "edgesearchd ")]
    public async Task Help_and_version_answer_and_exit_0_before_any_configuration_is_read(string argument, string expected)
    {
        using var run = new DaemonRun();
        var output = new StringWriter();
        // With a configuration that would be invalid: they must not look at it.
        var exit = await DaemonProgram.RunAsync([argument, "--source", "usb:0"], new Systemd.SystemdEnvironment(null, null), run.Errors,
            systemFile: run.Path("none.json"), output: output);
        Assert.Equal(0, exit);
        Assert.StartsWith(expected, output.ToString());
        Assert.Equal("", run.Errors.ToString());
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("8:12345", false)]
    public async Task Console_lines_carry_a_timestamp_unless_the_journal_stamps_them(string? journalStream, bool stamped)
    {
        using var run = new DaemonRun(fakeMatcher: false);
        var model = run.Path("quadrants.onnx");
        Matching.QuadrantModel.Write(model);
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // No gallery yet: the daemon waits and says so at once, without a camera.
        foreach (var argument in new[] { typeof(DaemonProgram).Assembly.Location, "--model", model, "--gallery", run.Path("gallery.db"), "--source", "rpicam" })
            start.ArgumentList.Add(argument);
        start.Environment.Remove("JOURNAL_STREAM");
        if (journalStream is not null)
            start.Environment["JOURNAL_STREAM"] = journalStream;
        using var daemon = Process.Start(start)!;
        try
        {
            var line = await daemon.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.NotNull(line);
            Assert.Equal(stamped, System.Text.RegularExpressions.Regex.IsMatch(line, @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d "));
        }
        finally
        {
            daemon.Kill();
            await daemon.WaitForExitAsync();
        }
    }

    [Fact]
    public void The_shipped_configuration_and_the_cli_agree_on_the_labels_of_good_parts()
    {
        var shipped = Path.Combine(Repository.Root, "deploy", "edgesearch.json");
        var okLabels = JsonDocument.Parse(File.ReadAllText(shipped)).RootElement.GetProperty("Decision").GetProperty("OkLabels")
            .EnumerateArray().Select(l => l.GetString()!).ToList();
        // `enroll --help` suggests "good"; `gallery calibrate --ok-labels` and the daemon's default take GoodLabels.Default.
        Assert.Equal(GoodLabels.Default.Names, okLabels);
        var help = new StringWriter();
        var exit = Cli.CliApp.Run(["enroll", "--help"], help, new StringWriter());
        Assert.Equal(0, exit);
        Assert.Contains("\"good\"", help.ToString());
    }
}
