using System.Diagnostics;

namespace EdgeSearch.Testing;

/// <summary>
/// Files and file systems that production meets and tests must make themselves: FIFOs, links to devices, read-only
/// mounts and full disks. Mounting needs root and CAP_SYS_ADMIN; where it is refused the helpers return null and
/// the test says so in its output.
/// </summary>
public static class HostileFiles
{
    /// <summary>Makes a FIFO at <paramref name="path"/>: opening it for reading blocks until a writer comes.</summary>
    public static string Fifo(string path)
    {
        Run("mkfifo", path);
        return path;
    }

    /// <summary>A link at <paramref name="path"/> to /dev/zero: its size reads as 0, its content never ends.</summary>
    public static string LinkToDevZero(string path)
    {
        File.CreateSymbolicLink(path, "/dev/zero");
        return path;
    }

    /// <summary>Runs <paramref name="work"/> on a thread of its own and says whether it finished; a FIFO that blocks
    /// is then opened for writing, which releases the blocked reader.</summary>
    public static bool FinishesWithoutBlocking(Action work, params string[] fifos)
    {
        var task = Task.Factory.StartNew(() =>
        {
            try
            {
                work();
            }
            catch
            {
                // The test asserts the outcome itself; here only returning counts.
            }
        }, TaskCreationOptions.LongRunning);
        var finished = task.Wait(TimeSpan.FromSeconds(60));
        if (!finished)
            foreach (var fifo in fifos)
                using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
        return finished;
    }

    /// <summary>Mounts <paramref name="folder"/> read-only at a new folder and returns it, or null where mounting is refused.</summary>
    public static ScratchMount? ReadOnlyView(string folder)
    {
        var target = Directory.CreateTempSubdirectory("edgesearch-ro-").FullName;
        var mount = TryMount(target, ["--bind", folder, target]);
        if (mount is null || TryRun("mount", "-o", "remount,ro,bind", target))
            return mount;
        mount.Dispose();
        return null;
    }

    /// <summary>A tmpfs of <paramref name="bytes"/>, to fill up; null where mounting is refused.</summary>
    public static ScratchMount? SmallDisk(long bytes)
    {
        var target = Directory.CreateTempSubdirectory("edgesearch-full-").FullName;
        return TryMount(target, ["-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", target]);
    }

    private static ScratchMount? TryMount(string target, string[] arguments)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !TryRun("mount", arguments))
        {
            Directory.Delete(target);
            return null;
        }
        return new ScratchMount(target);
    }

    private static void Run(string program, params string[] arguments)
    {
        if (!TryRun(program, arguments))
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed.");
    }

    private static bool TryRun(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    /// <summary>A mounted folder; disposing unmounts it and removes the mount point.</summary>
    public sealed class ScratchMount(string path) : IDisposable
    {
        public string Path { get; } = path;

        public void Dispose()
        {
            TryRun("umount", Path);
            Directory.Delete(Path);
        }
    }
}
