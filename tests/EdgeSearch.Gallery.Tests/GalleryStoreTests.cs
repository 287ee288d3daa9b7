using EdgeSearch.Core.Index;
using EdgeSearch.Core.Matching;
using Microsoft.Data.Sqlite;

namespace EdgeSearch.Gallery.Tests;

public sealed class GalleryStoreTests : IDisposable
{
    private readonly TempGallery _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void EntriesSurviveReopeningWithEveryField()
    {
        var ok = _temp.Enrollment("ok");
        var scratch = _temp.Enrollment("scratch", withImage: false);
        long okId, scratchId;
        using (var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA))
        {
            okId = gallery.Add(ok);
            scratchId = gallery.Add(scratch);
        }

        using var reopened = Gallery.Open(_temp.Path, TempGallery.ModelA);
        var entries = reopened.List(withImages: true);

        Assert.Equal([okId, scratchId], entries.Select(e => e.Id));
        var first = entries[0];
        Assert.Equal(("ok", ok.Source, ok.TakenUtc), (first.Label, first.Source, (DateTime?)first.TakenUtc));
        Assert.Equal(DateTimeKind.Utc, first.TakenUtc.Kind);
        Assert.Equal(ok.Embedding, first.Embedding);
        Assert.True(first.HasImage);
        Assert.Equal((3, 4, 5), (first.Image!.Channels, first.Image.Height, first.Image.Width));
        Assert.Equal(ok.Image!.Pixels, first.Image.Pixels);
        Assert.False(entries[1].HasImage);
        Assert.Null(entries[1].Image);
    }

    [Fact]
    public void ListWithoutImagesStillSaysWhichHaveOne()
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        gallery.Add(_temp.Enrollment("ok"));

        var entry = Assert.Single(gallery.List());

        Assert.True(entry.HasImage);
        Assert.Null(entry.Image);
    }

    [Fact]
    public void FindReadsOneEntryWithItsImage()
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        var ok = _temp.Enrollment("ok");
        var ids = gallery.AddRange([_temp.Enrollment("scratch"), ok, _temp.Enrollment("dent", withImage: false)]);

        var found = gallery.Find(ids[1])!;
        Assert.Equal((ids[1], "ok"), (found.Id, found.Label));
        Assert.Equal(ok.Image!.Pixels, found.Image!.Pixels);
        Assert.Null(gallery.Find(ids[2])!.Image);
        Assert.Null(gallery.Find(ids[2] + 100));
    }

    [Fact]
    public void EmbeddingsAreFloat32LittleEndian()
    {
        var enrollment = _temp.Enrollment("ok");
        using (var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA))
            gallery.Add(enrollment);

        var hex = TempGallery.Query(_temp.Path, "SELECT hex(embedding) FROM entries").Single();

        var expected = string.Concat(enrollment.Embedding.Select(f =>
        {
            var bytes = BitConverter.GetBytes(f);
            if (!BitConverter.IsLittleEndian)
                Array.Reverse(bytes);
            return Convert.ToHexString(bytes);
        }));
        Assert.Equal(expected, hex);
    }

    [Fact]
    public void BatchIsAllOrNothing()
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        var bad = _temp.Enrollment("ok") with { Embedding = new float[8] };

        var error = Assert.Throws<ArgumentException>(() => gallery.AddRange([_temp.Enrollment("ok"), bad]));

        Assert.Contains("enrollment 1", error.Message);
        Assert.Empty(gallery.List());
        Assert.Equal(3, gallery.AddRange([_temp.Enrollment("a"), _temp.Enrollment("b"), _temp.Enrollment("c")]).Count);
    }

    [Theory]
    [InlineData("", "label")]
    [InlineData("ok", "4 values")]
    public void BadEnrollmentsNameTheProblem(string label, string expected)
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        var enrollment = _temp.Enrollment("x") with { Label = label, Embedding = label == "" ? _temp.UnitVector(8) : _temp.UnitVector(4) };

        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => gallery.Add(enrollment)).Message);
    }

    [Fact]
    public void RemoveByIdAndByLabelAlsoRemovesImages()
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        var ids = gallery.AddRange([_temp.Enrollment("ok"), _temp.Enrollment("scratch"), _temp.Enrollment("scratch"), _temp.Enrollment("dent")]);

        Assert.True(gallery.Remove(ids[0]));
        Assert.False(gallery.Remove(ids[0]));
        Assert.Equal(2, gallery.RemoveLabel("scratch"));
        Assert.Equal(0, gallery.RemoveLabel("scratch"));

        Assert.Equal([ids[3]], gallery.List().Select(e => e.Id));
        Assert.Equal(["1"], TempGallery.Query(_temp.Path, "SELECT count(*) FROM reference_images"));
    }

    [Fact]
    public void IdsAreNeverReused()
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        var first = gallery.Add(_temp.Enrollment("ok"));
        gallery.Remove(first);

        Assert.True(gallery.Add(_temp.Enrollment("ok")) > first);
    }

    [Fact]
    public void StatsCountPerLabel()
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        gallery.AddRange([_temp.Enrollment("ok"), _temp.Enrollment("ok"), _temp.Enrollment("dent", withImage: false)]);
        gallery.SetThreshold(0.625f);

        var stats = gallery.Stats();

        Assert.Equal(3, stats.Count);
        Assert.Equal(new Dictionary<string, int> { ["dent"] = 1, ["ok"] = 2 }, stats.CountPerLabel);
        Assert.Equal(2, stats.WithReferenceImage);
        Assert.Equal(TempGallery.ModelA, stats.Model);
        Assert.Equal(0.625f, stats.Threshold);
        Assert.Equal(1, stats.SchemaVersion);
    }

    [Fact]
    public void ThresholdPersistsAndCanBeCleared()
    {
        using (var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA))
        {
            Assert.Null(gallery.Threshold);
            gallery.SetThreshold(0.7312345f);
        }
        using (var gallery = Gallery.Open(_temp.Path, TempGallery.ModelA))
        {
            Assert.Equal(0.7312345f, gallery.Threshold);
            gallery.SetThreshold(null);
            Assert.Null(gallery.Threshold);
        }
    }

    [Fact]
    public void DefectThresholdPersistsWithItsGoodLabelsAndIsClearedWithTheThreshold()
    {
        using (var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA))
        {
            Assert.Null(gallery.DefectThreshold);
            gallery.SetThreshold(0.84f, new DefectThreshold(0.7654321f, new GoodLabels(["good", "ok"])));
        }
        using (var gallery = Gallery.Open(_temp.Path, TempGallery.ModelA))
        {
            Assert.Equal(0.84f, gallery.Threshold);
            var defects = gallery.DefectThreshold!;
            Assert.Equal(0.7654321f, defects.Value);
            Assert.Equal(["good", "ok"], defects.Good.Names);
            Assert.Equal(0.7654321f, gallery.Stats().DefectThreshold);

            gallery.SetThreshold(0.9f);
            Assert.Equal(0.9f, gallery.Threshold);
            Assert.Null(gallery.DefectThreshold);
        }
    }

    [Fact]
    public void ADefectThresholdNeedsAThresholdBesideIt()
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        Assert.Throws<ArgumentOutOfRangeException>(() => gallery.SetThreshold(null, new DefectThreshold(0.7f, GoodLabels.Default)));
        Assert.Throws<ArgumentOutOfRangeException>(() => gallery.SetThreshold(0.8f, new DefectThreshold(float.NaN, GoodLabels.Default)));
        Assert.Null(gallery.Threshold);
    }

    [Fact]
    public void AMalformedDefectThresholdIsReportedWithTheRemedy()
    {
        using (var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA))
            gallery.SetThreshold(0.84f, new DefectThreshold(0.76f, GoodLabels.Default));
        using (var connection = new SqliteConnection($"Data Source={_temp.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE settings SET value = 'NaN' WHERE key = 'defect_threshold'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        using var reopened = Gallery.Open(_temp.Path, TempGallery.ModelA);
        Assert.Equal(0.84f, reopened.Threshold);
        var error = Assert.Throws<GalleryException>(() => reopened.DefectThreshold);
        Assert.Contains("'defect_threshold' is 'NaN'", error.Message);
        Assert.Contains("gallery calibrate", error.Message);
    }

    [Theory]
    [InlineData(VectorPrecision.Float32)]
    [InlineData(VectorPrecision.Int8)]
    public void LoadedIndexFindsEachEntryByItsOwnEmbedding(VectorPrecision precision)
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        var enrollments = Enumerable.Range(0, 20).Select(i => _temp.Enrollment($"label{i % 3}")).ToList();
        var ids = gallery.AddRange(enrollments);

        var loaded = gallery.LoadIndex(precision);

        Assert.Equal(20, loaded.Index.Count);
        Assert.Equal(precision, loaded.Index.Precision);
        for (var i = 0; i < ids.Count; i++)
        {
            var best = loaded.Index.Search(enrollments[i].Embedding, 1)[0];
            Assert.Equal(ids[i], best.Id);
            Assert.Equal(enrollments[i].Label, loaded.LabelOf(best.Id));
        }
    }

    [Fact]
    public void FileIsInWalModeAtTheCurrentSchemaVersion()
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);

        Assert.Equal(["wal"], TempGallery.Query(_temp.Path, "PRAGMA journal_mode"));
        Assert.Equal(["1"], TempGallery.Query(_temp.Path, "PRAGMA user_version"));
    }

    [Fact]
    public void CreateNeverOverwrites()
    {
        System.IO.File.WriteAllText(_temp.Path, "precious");

        Assert.Throws<IOException>(() => Gallery.Create(_temp.Path, TempGallery.ModelA));
        Assert.Equal("precious", System.IO.File.ReadAllText(_temp.Path));
    }
}
