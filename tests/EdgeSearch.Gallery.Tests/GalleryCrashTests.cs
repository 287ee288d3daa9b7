using System.Diagnostics;
using System.Reflection;

namespace EdgeSearch.Gallery.Tests;

/// <summary>
/// kill -9 during enrollment: a child process enrolls in a loop and reports each id after its commit; it is killed
/// at a random point, and the gallery must pass integrity_check and hold every reported id.
/// </summary>
public sealed class GalleryCrashTests : IDisposable
{
    private const int Rounds = 6;
    private readonly TempGallery _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void KilledEnrollmentLosesNoCommittedEntry()
    {
        Gallery.Create(_temp.Path, TempGallery.ModelA).Dispose();
        var committed = new HashSet<long>();
        var random = new Random(77);

        for (var round = 0; round < Rounds; round++)
        {
            var reported = EnrollUntilKilled(afterEntries: random.Next(5, 60));
            Assert.NotEmpty(reported);
            committed.UnionWith(reported);

            Assert.Equal(["ok"], TempGallery.Query(_temp.Path, "PRAGMA integrity_check"));
            using var gallery = Gallery.Open(_temp.Path, TempGallery.ModelA);
            var present = gallery.List().Select(e => e.Id).ToHashSet();
            Assert.Subset(present, committed);
        }
    }

    private List<long> EnrollUntilKilled(int afterEntries)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { EnrollerPath(), _temp.Path, TempGallery.ModelA.Sha256, TempGallery.ModelA.Dimension.ToString() })
            start.ArgumentList.Add(argument);
        using var child = Process.Start(start)!;

        var reported = new List<long>();
        try
        {
            while (reported.Count < afterEntries && child.StandardOutput.ReadLine() is { } line)
                reported.Add(ParseReport(line) ?? throw new InvalidOperationException($"Unexpected enroller output '{line}'."));
        }
        finally
        {
            child.Kill(); // SIGKILL on Linux: no finalisers, no checkpoint, possibly mid-transaction.
        }
        // Lines written before the kill are commits too; a torn last line (no "committed") is not counted.
        while (child.StandardOutput.ReadLine() is { } line)
            if (ParseReport(line) is { } id)
                reported.Add(id);
        child.WaitForExit();
        Assert.Equal(137, child.ExitCode);
        return reported;
    }

    private static long? ParseReport(string line) =>
        line.EndsWith(" committed", StringComparison.Ordinal) && long.TryParse(line.AsSpan(0, line.Length - " committed".Length), out var id) ? id : null;

    private static string EnrollerPath() =>
        typeof(GalleryCrashTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "EnrollerPath").Value!;
}
