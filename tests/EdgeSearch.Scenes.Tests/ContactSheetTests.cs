using SkiaSharp;

namespace EdgeSearch.Scenes.Tests;

/// <summary>
/// Writes every class, one part type to a row, at frame scale and as a 64×64 model input, to the temp folder,
/// so that a person can see that the parts look real and the defects survive the shrink.
/// </summary>
public class ContactSheetTests
{
    [Fact]
    public void WritesOneTileForEveryClassAtFrameAndModelScale()
    {
        var classes = PartsScenario.Classes.Count;
        var frames = Enumerable.Range(0, classes).Select(c => PartsScenario.Render(seed: 7, c, sample: 0)).ToList();
        var perPart = classes / PartsScenario.Parts.Count;
        var full = Path.Combine(Path.GetTempPath(), "edgesearch-parts.png");
        var small = Path.Combine(Path.GetTempPath(), "edgesearch-parts-64.png");

        Pictures.SaveSheet(full, [.. frames.Select(Pictures.Roi)], PartsScenario.Roi.Width, perPart, zoom: 1);
        Pictures.SaveSheet(small, [.. frames.Select(f => Pictures.ModelView(f, 64))], 64, perPart, zoom: 4);

        using var sheet = SKBitmap.Decode(full);
        Assert.Equal(perPart * PartsScenario.Roi.Width, sheet.Width);
        Assert.Equal(PartsScenario.Parts.Count * PartsScenario.Roi.Height, sheet.Height);
        using var smallSheet = SKBitmap.Decode(small);
        Assert.Equal(perPart * 256, smallSheet.Width);
    }
}
