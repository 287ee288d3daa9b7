using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace EdgeSearch.Gallery.Tests;

/// <summary>Files that are not good galleries are refused with a clear error and left byte-for-byte as they were.</summary>
public sealed class GallerySafetyTests : IDisposable
{
    private readonly TempGallery _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void RandomBytesAreNotAGallery()
    {
        var bytes = new byte[8192];
        new Random(5).NextBytes(bytes);
        File.WriteAllBytes(_temp.Path, bytes);

        AssertRefusedUnchanged<NotAGalleryException>("not a SQLite database");
    }

    [Fact]
    public void EmptyFileIsNotAGallery()
    {
        File.WriteAllBytes(_temp.Path, []);

        AssertRefusedUnchanged<NotAGalleryException>("shorter than a SQLite header");
    }

    [Fact]
    public void SqliteDatabaseOfAnotherSchemaIsNotAGallery()
    {
        using (var connection = new SqliteConnection($"Data Source={_temp.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);";
            command.ExecuteNonQuery();
        }

        AssertRefusedUnchanged<NotAGalleryException>("another application");
    }

    [Fact]
    public void DamagedGalleryIsCorrupt()
    {
        using (var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA))
            gallery.AddRange(Enumerable.Range(0, 200).Select(i => _temp.Enrollment($"label{i % 4}")));
        var bytes = File.ReadAllBytes(_temp.Path);
        Assert.True(bytes.Length > 6 * 4096);
        // Pages 2 to 5 (tables, index and image pages) overwritten with garbage.
        new Random(9).NextBytes(bytes.AsSpan(4096, 4 * 4096));
        File.WriteAllBytes(_temp.Path, bytes);

        AssertRefusedUnchanged<CorruptGalleryException>("corrupt");
    }

    [Fact]
    public void NewerSchemaIsRefused()
    {
        Gallery.Create(_temp.Path, TempGallery.ModelA).Dispose();
        using (var connection = new SqliteConnection($"Data Source={_temp.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        AssertRefusedUnchanged<GalleryException>("newer EdgeSearch");
    }

    [Fact]
    public void MissingFileIsNotCreated()
    {
        Assert.Throws<FileNotFoundException>(() => Gallery.Open(_temp.Path));
        Assert.False(File.Exists(_temp.Path));
    }

    private void AssertRefusedUnchanged<TException>(string reason)
        where TException : GalleryException
    {
        var before = SHA256.HashData(File.ReadAllBytes(_temp.Path));

        var error = Assert.Throws<TException>(() => Gallery.Open(_temp.Path, TempGallery.ModelA));
        Assert.Throws<TException>(() => Gallery.Open(_temp.Path));
        Assert.Throws<TException>(() => Gallery.Import(_temp.Path, _temp.File("imported.db")));

        Assert.Contains(_temp.Path, error.Message);
        Assert.Contains(reason, error.Message);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(_temp.Path)));
        Assert.False(File.Exists(_temp.File("imported.db")));
    }
}
