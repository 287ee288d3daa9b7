using EdgeSearch.Testing;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace EdgeSearch.Gallery.Tests;

/// <summary>
/// Storage that fails or refuses writes: errors say read-only, disk full or corrupt according to what is true, and
/// what is read-only keeps working. The mounts need root; where they are refused the test says so and passes.
/// </summary>
public sealed class GalleryStorageTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempGallery _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReadOnlyCommandsWorkOnAReadOnlyMountAndWritesSayReadOnly()
    {
        using (var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA))
            gallery.AddRange([_temp.Enrollment("ok"), _temp.Enrollment("scratch")]);
        using var mount = HostileFiles.ReadOnlyView(_temp.Folder);
        if (mount is null)
        {
            output.WriteLine("SKIPPED: cannot mount a read-only view here (needs root and CAP_SYS_ADMIN).");
            return;
        }
        var path = Path.Combine(mount.Path, "gallery.db");

        using (var gallery = Gallery.OpenReadOnly(path, TempGallery.ModelA))
        {
            Assert.Equal(2, gallery.Stats().Count);
            Assert.Equal(2, gallery.LoadIndex().Labels.Count);
            gallery.Export(_temp.File("copy.db"));
        }
        var error = Assert.ThrowsAny<GalleryException>(() =>
        {
            using var gallery = Gallery.Open(path, TempGallery.ModelA);
            gallery.Add(_temp.Enrollment("ok"));
        });
        Assert.IsType<ReadOnlyGalleryException>(error);
        Assert.Contains("read-only", error.Message);
        Assert.DoesNotContain("corrupt", error.Message);
        using var copy = Gallery.OpenReadOnly(_temp.File("copy.db"), TempGallery.ModelA);
        Assert.Equal(2, copy.Stats().Count);
    }

    [Fact]
    public void AFullDiskSaysDiskFullAndLeavesNothingThatBlocksARetry()
    {
        using var disk = HostileFiles.SmallDisk(256 << 10);
        if (disk is null)
        {
            output.WriteLine("SKIPPED: cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN).");
            return;
        }
        var path = Path.Combine(disk.Path, "gallery.db");
        File.WriteAllBytes(Path.Combine(disk.Path, "filler"), new byte[(256 << 10) - 4096]);

        var creating = Assert.ThrowsAny<Exception>(() => Gallery.Create(path, TempGallery.ModelA));
        Assert.DoesNotContain("corrupt", creating.Message);
        Assert.Equal(["filler"], Directory.GetFiles(disk.Path).Select(Path.GetFileName));

        File.Delete(Path.Combine(disk.Path, "filler"));
        using (var gallery = Gallery.Create(path, TempGallery.ModelA))
            gallery.Add(_temp.Enrollment("ok"));
        var error = Assert.ThrowsAny<GalleryException>(() =>
        {
            using var gallery = Gallery.Open(path, TempGallery.ModelA);
            var big = new ReferenceImage(3, 256, 256, new byte[3 * 256 * 256]);
            for (var i = 0; i < 20; i++)
                gallery.Add(_temp.Enrollment("ok") with { Image = big });
        });
        Assert.IsType<GalleryDiskFullException>(error);
        Assert.Contains("disk is full", error.Message);
        Assert.DoesNotContain("corrupt", error.Message);
    }

    [Theory]
    [InlineData(8, typeof(ReadOnlyGalleryException))]
    [InlineData(13, typeof(GalleryDiskFullException))]
    [InlineData(11, typeof(CorruptGalleryException))]
    [InlineData(5, typeof(GalleryException))]
    public void SqliteFailuresAreNamedByTheirCause(int code, Type expected) =>
        Assert.IsType(expected, GalleryStorage.Describe(_temp.Path, new SqliteException("failed", code)));

    [Fact]
    public void AMissingFolderIsNamedAsSuchNotAsReadOnly()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => Gallery.Create(_temp.File("nowhere/gallery.db"), TempGallery.ModelA));
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void AFifoIsRefusedWithoutBlocking()
    {
        var fifo = HostileFiles.Fifo(_temp.Path);
        Exception? error = null;

        Assert.True(HostileFiles.FinishesWithoutBlocking(() => error = Record.Exception(() => Gallery.OpenReadOnly(fifo)), fifo));
        Assert.IsType<NotAGalleryException>(error);
        Assert.Contains("FIFO", error!.Message);
        Assert.True(HostileFiles.FinishesWithoutBlocking(() => error = Record.Exception(() => Gallery.Open(fifo, TempGallery.ModelA)), fifo));
        Assert.IsType<NotAGalleryException>(error);
    }

    [Fact]
    public void ALinkToADeviceIsRefused()
    {
        HostileFiles.LinkToDevZero(_temp.Path);

        var error = Assert.Throws<NotAGalleryException>(() => Gallery.OpenReadOnly(_temp.Path));
        Assert.Contains("character device", error.Message);
    }
}
