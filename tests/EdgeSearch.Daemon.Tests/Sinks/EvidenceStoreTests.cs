using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Sinks;
using EdgeSearch.Daemon.Tests.Fakes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Daemon.Tests.Sinks;

public class EvidenceStoreTests
{
    private static Frame Noise(int seed)
    {
        var pixels = new byte[Frame.PackedSize(FrameFormat.Rgb24, 16, 12)];
        new Random(seed).NextBytes(pixels);
        return Frame.Packed(FrameFormat.Rgb24, 16, 12, pixels);
    }

    private static long FolderBytes(string folder) => new DirectoryInfo(folder).GetFiles().Sum(f => f.Length);

    [Fact]
    public void Defect_and_unknown_frames_are_saved_and_ok_frames_are_not()
    {
        using var run = new DaemonRun();
        var folder = run.Path("evidence");
        var store = new EvidenceStore(folder, maxBytes: 1 << 20);
        var frame = Noise(1);
        store.Write(Results.Of(1, FrameOutcome.Ok, frame: frame));
        var defect = Results.Of(2, FrameOutcome.Defect, "scratch/deep", frame);
        defect = defect with { Match = defect.Match with { Nearest = (17, "scratch") } };
        store.Write(defect);
        store.Write(Results.Of(3, FrameOutcome.Unknown, "dent", Noise(2)));

        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(Path.GetFileName).ToList();
        // The nearest reference's entry id ends the name.
        Assert.Equal(["19700101T000002.000Z-00000002-defect-scratch_deep-ref17.png", "19700101T000003.000Z-00000003-unknown-dent.png"], files);
        Assert.Equal(files[0], defect.Evidence);
        Assert.Equal(FolderBytes(folder), store.Bytes);
    }

    [Fact]
    public void Evidence_shows_the_frame_with_the_roi_boxed_in_the_outcome_colour_a_banner_and_the_model_input_beside_it()
    {
        using var run = new DaemonRun();
        var folder = run.Path("evidence");
        var store = new EvidenceStore(folder, maxBytes: 1 << 20);
        var frame = Noise(3);
        var shape = new ImageShape(ColorMode.Rgb, 4, 4);
        var input = new byte[shape.Size];
        for (var i = 0; i < input.Length; i++)
            input[i] = (byte)(i * 5);
        var roi = new FrameRegion(2, 1, 10, 8);
        var result = Results.Of(5, FrameOutcome.Defect, "chip", frame);
        result = result with { Match = result.Match with { Setup = MatcherSetup.None with { Roi = roi, InputShape = shape }, Input = input } };
        store.Write(result);

        using var saved = Image.Load<Rgb24>(Path.Combine(folder, result.Evidence!));
        // 12 rows of frame under a banner; the model's 4x4 input, enlarged 3 times (12 / 4), after an 8-pixel gap.
        var banner = saved.Height - 12;
        Assert.True(banner > 2 * 7, $"banner of {banner} rows");
        Assert.Equal(16 + 8 + 4 * 3, saved.Width);
        var red = new Rgb24(230, 40, 40);
        Assert.Equal(red, saved[roi.X, banner + roi.Y]);
        Assert.Equal(red, saved[roi.X + roi.Width - 1, banner + roi.Y + roi.Height - 1]);
        // Inside the box the frame is untouched.
        var pixels = frame.Pixels.Span;
        var inside = (4 * 16 + 5) * 3;
        Assert.Equal(new Rgb24(pixels[inside], pixels[inside + 1], pixels[inside + 2]), saved[5, banner + 4]);
        // Input pixel (row 1, column 2) is planar: R at 6, G at 16 + 6, B at 32 + 6.
        Assert.Equal(new Rgb24(input[6], input[22], input[38]), saved[16 + 8 + 2 * 3 + 1, banner + 1 * 3 + 1]);
        // The banner carries text: its first line has pixels of the outcome's colour.
        Assert.Contains(Enumerable.Range(0, saved.Width), x => Enumerable.Range(0, banner / 2).Any(y => saved[x, y].Equals(red)));
    }

    [Fact]
    public void The_oldest_images_go_once_the_folder_passes_its_limit_also_when_reopened_with_a_smaller_one()
    {
        using var run = new DaemonRun();
        var folder = run.Path("evidence");
        var probe = new EvidenceStore(run.Path("probe"), maxBytes: 1 << 20);
        probe.Write(Results.Of(1, FrameOutcome.Defect, frame: Noise(1)));
        var imageBytes = probe.Bytes; // noise does not compress: every image is about this size
        var store = new EvidenceStore(folder, maxBytes: 3 * imageBytes + imageBytes / 2);

        for (var id = 1; id <= 8; id++)
        {
            store.Write(Results.Of(id, FrameOutcome.Defect, frame: Noise(id)));
            Assert.True(FolderBytes(folder) <= 3 * imageBytes + imageBytes / 2);
        }
        Assert.Equal(["00000006", "00000007", "00000008"], Ids(folder));

        var reopened = new EvidenceStore(folder, maxBytes: imageBytes + imageBytes / 2);
        Assert.Equal(["00000008"], Ids(folder));
        Assert.Equal(FolderBytes(folder), reopened.Bytes);
    }

    private static List<string> Ids(string folder) =>
        [.. Directory.GetFiles(folder).Select(f => Path.GetFileName(f).Split('-')[1]).Order(StringComparer.Ordinal)];
}
