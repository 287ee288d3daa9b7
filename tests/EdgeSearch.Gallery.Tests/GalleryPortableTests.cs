namespace EdgeSearch.Gallery.Tests;

public sealed class GalleryPortableTests : IDisposable
{
    private readonly TempGallery _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ExportThenImportKeepsEverything()
    {
        var export = _temp.File("export.gallery");
        var imported = _temp.File("imported.db");
        IReadOnlyList<GalleryEntry> original;
        using (var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA))
        {
            gallery.AddRange([_temp.Enrollment("ok"), _temp.Enrollment("dent", withImage: false), _temp.Enrollment("ok")]);
            gallery.SetThreshold(0.55f);
            original = gallery.List(withImages: true);
            // Exported while open, with the latest commits still in the WAL.
            gallery.Export(export);
        }

        Gallery.Import(export, imported);

        using var copy = Gallery.Open(imported, TempGallery.ModelA);
        Assert.Equal(0.55f, copy.Threshold);
        var entries = copy.List(withImages: true);
        Assert.Equal(original.Select(e => (e.Id, e.Label, e.Source, e.TakenUtc, e.HasImage)), entries.Select(e => (e.Id, e.Label, e.Source, e.TakenUtc, e.HasImage)));
        Assert.Equal(original.Select(e => e.Embedding), entries.Select(e => e.Embedding));
        Assert.Equal(original.Select(e => e.Image?.Pixels), entries.Select(e => e.Image?.Pixels));
        Assert.Equal(["ok"], TempGallery.Query(imported, "PRAGMA integrity_check"));
    }

    [Fact]
    public void ExportAndImportNeverOverwrite()
    {
        var existing = _temp.File("existing");
        File.WriteAllText(existing, "keep me");
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);

        Assert.Throws<IOException>(() => gallery.Export(existing));
        Assert.Throws<IOException>(() => Gallery.Import(_temp.Path, existing));
        Assert.Equal("keep me", File.ReadAllText(existing));
    }

    [Fact]
    public void ImportChecksEmbeddingSizes()
    {
        var export = _temp.File("export.gallery");
        using (var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA))
        {
            gallery.Add(_temp.Enrollment("ok"));
            gallery.Export(export);
        }
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={export};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE entries SET embedding = x'00000000'";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<CorruptGalleryException>(() => Gallery.Import(export, _temp.File("imported.db")));

        Assert.Contains("8-d float32", error.Message);
        Assert.False(File.Exists(_temp.File("imported.db")));
    }
}
