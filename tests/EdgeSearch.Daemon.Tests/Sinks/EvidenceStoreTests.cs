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
    public void Defect_and_unknown_frames_are_saved_as_the_frame_and_ok_frames_are_not()
    {
        using var run = new DaemonRun();
        var folder = run.Path("evidence");
        var store = new EvidenceStore(folder, maxBytes: 1 << 20);
        var frame = Noise(1);
        store.Write(Results.Of(1, FrameOutcome.Ok, frame: frame));
        store.Write(Results.Of(2, FrameOutcome.Defect, "scratch/deep", frame));
        store.Write(Results.Of(3, FrameOutcome.Unknown, "dent", Noise(2)));

        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(Path.GetFileName).ToList();
        Assert.Equal(["19700101T000002.000Z-00000002-defect-scratch_deep.png", "19700101T000003.000Z-00000003-unknown-dent.png"], files);
        using var saved = Image.Load<Rgb24>(Path.Combine(folder, files[0]!));
        var pixels = new byte[frame.Pixels.Length];
        saved.CopyPixelDataTo(pixels);
        Assert.Equal(frame.Pixels.ToArray(), pixels);
        Assert.Equal(FolderBytes(folder), store.Bytes);
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
