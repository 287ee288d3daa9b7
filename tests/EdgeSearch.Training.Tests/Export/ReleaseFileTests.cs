using EdgeSearch.Testing;
using EdgeSearch.Training.Export;
using Xunit.Abstractions;

namespace EdgeSearch.Training.Tests.Export;

/// <summary>An export that fails on a full disk leaves the previous model as it was and nothing that blocks a retry.</summary>
public class ReleaseFileTests(ITestOutputHelper output)
{
    [Fact]
    public void A_write_that_fails_on_a_full_disk_leaves_the_previous_file_and_no_leftovers()
    {
        using var disk = HostileFiles.SmallDisk(64 << 10);
        if (disk is null)
        {
            output.WriteLine("SKIPPED: cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN).");
            return;
        }
        var path = Path.Combine(disk.Path, "model.onnx");
        ReleaseFile.Write(path, new byte[1000]);

        Assert.ThrowsAny<IOException>(() => ReleaseFile.Write(path, new byte[128 << 10]));

        Assert.Equal(["model.onnx"], Directory.GetFiles(disk.Path).Select(Path.GetFileName));
        Assert.Equal(1000, new FileInfo(path).Length);
        ReleaseFile.Write(path, new byte[2000]);
        Assert.Equal(2000, new FileInfo(path).Length);
    }
}
