using EdgeSearch.Core.Matching;

namespace EdgeSearch.Gallery.Tests;

public sealed class GalleryModelTests : IDisposable
{
    private readonly TempGallery _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void OpeningWithAnotherModelIsRefused()
    {
        Gallery.Create(_temp.Path, TempGallery.ModelA).Dispose();

        var error = Assert.Throws<ModelMismatchException>(() => Gallery.Open(_temp.Path, TempGallery.ModelB));

        Assert.Equal(TempGallery.ModelA, error.Stored);
        Assert.Equal(TempGallery.ModelB, error.Requested);
        Assert.Contains(_temp.Path, error.Message);
        Assert.Contains("reindex", error.Message);
    }

    [Fact]
    public void TheModelPathIsRecordedAndSurvivesReopening()
    {
        using (var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA))
        {
            Assert.Null(gallery.ModelPath);
            gallery.SetModelPath("/models/a.onnx");
        }
        using (var gallery = Gallery.Open(_temp.Path, TempGallery.ModelA))
        {
            Assert.Equal("/models/a.onnx", gallery.ModelPath);
            gallery.SetModelPath("/opt/models/a.onnx");
        }
        Assert.Equal(["/opt/models/a.onnx"], TempGallery.Query(_temp.Path, "SELECT value FROM settings WHERE key = 'model_path'"));
    }

    [Fact]
    public void ReindexReEmbedsEveryImageAndSwitchesModel()
    {
        long[] ids;
        using (var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA))
        {
            ids = gallery.AddRange([_temp.Enrollment("ok"), _temp.Enrollment("dent")]).ToArray();
            gallery.SetThreshold(0.8f, new DefectThreshold(0.7f, GoodLabels.Default));
            gallery.SetModelPath("/models/a.onnx");
        }

        using (var gallery = Gallery.Open(_temp.Path))
            gallery.Reindex(TempGallery.ModelB, EmbedByPixels);

        using var reopened = Gallery.Open(_temp.Path, TempGallery.ModelB);
        Assert.Null(reopened.Threshold);
        Assert.Null(reopened.DefectThreshold);
        Assert.Null(reopened.ModelPath);
        foreach (var entry in reopened.List(withImages: true))
            Assert.Equal(EmbedByPixels(entry.Image!), entry.Embedding);
        Assert.Equal(ids, reopened.List().Select(e => e.Id));
    }

    [Fact]
    public void ReindexListsEntriesWithoutImagesAndChangesNothing()
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        var ids = gallery.AddRange([_temp.Enrollment("ok"), _temp.Enrollment("ok", withImage: false), _temp.Enrollment("dent", withImage: false)]);
        var before = gallery.List();

        var error = Assert.Throws<MissingReferenceImagesException>(() => gallery.Reindex(TempGallery.ModelB, EmbedByPixels));

        Assert.Equal([ids[1], ids[2]], error.EntryIds);
        Assert.Contains($"ids {ids[1]}, {ids[2]}", error.Message);
        AssertUnchanged(gallery, before);
    }

    [Fact]
    public void FailingEmbedderRollsBack()
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        gallery.AddRange([_temp.Enrollment("ok"), _temp.Enrollment("dent")]);
        var before = gallery.List();
        var calls = 0;

        Assert.Throws<InvalidOperationException>(() => gallery.Reindex(TempGallery.ModelB,
            image => ++calls == 2 ? throw new InvalidOperationException("camera unplugged") : EmbedByPixels(image)));

        AssertUnchanged(gallery, before);
    }

    [Fact]
    public void WrongDimensionFromEmbedderIsRefused()
    {
        using var gallery = Gallery.Create(_temp.Path, TempGallery.ModelA);
        var before = gallery.AddRange([_temp.Enrollment("ok")]);

        var error = Assert.Throws<ArgumentException>(() => gallery.Reindex(TempGallery.ModelB, _ => [1f, 0f]));

        Assert.Contains($"entry {before[0]}", error.Message);
        Assert.Equal(TempGallery.ModelA, gallery.Model);
    }

    // A stand-in for a model: a 4-d unit vector from pixel sums, so the expected embedding is known.
    private static float[] EmbedByPixels(ReferenceImage image)
    {
        var sums = new float[4];
        for (var i = 0; i < image.Pixels.Length; i++)
            sums[i % 4] += image.Pixels[i] + 1;
        var norm = MathF.Sqrt(sums.Sum(x => x * x));
        return sums.Select(x => x / norm).ToArray();
    }

    private void AssertUnchanged(Gallery gallery, IReadOnlyList<GalleryEntry> before)
    {
        Assert.Equal(TempGallery.ModelA, gallery.Model);
        Assert.Equal(before.Select(e => e.Embedding), gallery.List().Select(e => e.Embedding));
        gallery.Dispose();
        Gallery.Open(_temp.Path, TempGallery.ModelA).Dispose();
    }
}
