using System.Buffers.Binary;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Tests.Datasets;
using EdgeSearch.Testing;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Core.Tests.Imaging;

public class ImageFileTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void PngAtItsOwnSizeGivesExactRgbPlanes()
    {
        var encoded = TestImages.Png(4, 3, TestImages.Pattern);

        var planes = ImageFile.Decode(encoded, new ImageShape(ColorMode.Rgb, 3, 4));

        var plane = 12;
        for (var y = 0; y < 3; y++)
            for (var x = 0; x < 4; x++)
            {
                var expected = TestImages.Pattern(x, y);
                Assert.Equal(expected.R, planes[y * 4 + x]);
                Assert.Equal(expected.G, planes[plane + y * 4 + x]);
                Assert.Equal(expected.B, planes[2 * plane + y * 4 + x]);
            }
    }

    [Fact]
    public void GrayIsTheLuminanceOfEachPixel()
    {
        Rgb24[] colours = [new(255, 0, 0), new(0, 255, 0), new(0, 0, 255), new(10, 20, 30)];
        var encoded = TestImages.Png(4, 1, (x, _) => colours[x]);

        var gray = ImageFile.Decode(encoded, new ImageShape(ColorMode.Gray, 1, 4));

        Assert.Equal([76, 150, 29, 18], gray); // 0.299 R + 0.587 G + 0.114 B, rounded
    }

    [Fact]
    public void JpegMatchesImageSharpsOwnDecode()
    {
        var path = folder.File("photo.jpg");
        TestImages.SaveJpeg(path, 5, 4, TestImages.Pattern);

        var planes = ImageFile.Read(path, new ImageShape(ColorMode.Rgb, 4, 5));

        Assert.Equal(TestImages.ReferencePlanes(path), planes);
    }

    [Fact]
    public void ResizesToTheTargetHeightAndWidth()
    {
        // Top half red, bottom half blue, 8x8 stretched to 4 high and 6 wide: the outer rows stay pure.
        var encoded = TestImages.Png(8, 8, (_, y) => y < 4 ? new Rgb24(255, 0, 0) : new Rgb24(0, 0, 255));

        var planes = ImageFile.Decode(encoded, new ImageShape(ColorMode.Rgb, 4, 6));

        Assert.Equal(3 * 4 * 6, planes.Length);
        var red = planes.AsSpan(0, 24);
        var blue = planes.AsSpan(48, 24);
        Assert.All(red[..6].ToArray(), value => Assert.Equal(255, value));
        Assert.All(red[18..].ToArray(), value => Assert.Equal(0, value));
        Assert.All(blue[..6].ToArray(), value => Assert.Equal(0, value));
        Assert.All(blue[18..].ToArray(), value => Assert.Equal(255, value));
    }

    [Fact]
    public void RejectsBytesThatAreNoImage()
    {
        var error = Assert.Throws<ImageFileException>(() => ImageFile.Decode("hello"u8.ToArray(), new ImageShape(ColorMode.Gray, 2, 2)));
        Assert.Contains("not a PNG or JPEG", error.Message);
    }

    [Fact]
    public void RejectsATruncatedPng()
    {
        var encoded = TestImages.Png(16, 16, TestImages.Pattern);

        Assert.Throws<ImageFileException>(() => ImageFile.Decode(encoded[..(encoded.Length / 2)], new ImageShape(ColorMode.Rgb, 16, 16)));
    }

    [Fact]
    public void RejectsAFileOverTheByteLimit()
    {
        var path = folder.File("big.png");
        TestImages.SavePng(path, 16, 16, TestImages.Pattern);

        var error = Assert.Throws<ImageFileException>(() => ImageFile.Read(path, new ImageShape(ColorMode.Gray, 4, 4), new ImageLimits(100, 1_000_000)));

        Assert.Equal(path, error.Path);
        Assert.Contains("over the limit of 100", error.Message);
    }

    [Fact]
    public void RejectsAnImageOverThePixelLimit()
    {
        var encoded = TestImages.Png(20, 20, TestImages.Pattern);

        var error = Assert.Throws<ImageFileException>(() => ImageFile.Decode(encoded, new ImageShape(ColorMode.Gray, 4, 4), new ImageLimits(1 << 20, 399)));

        Assert.Contains("20x20 pixels are over the limit of 399", error.Message);
    }

    [Fact]
    public void RejectsAHeaderClaimingHugeDimensionsBeforeDecoding()
    {
        // A real 1x1 PNG whose header is rewritten to claim 60000x60000 (14 GB of RGB), with a valid CRC.
        var encoded = TestImages.Png(1, 1, TestImages.Pattern);
        BinaryPrimitives.WriteInt32BigEndian(encoded.AsSpan(16), 60_000);
        BinaryPrimitives.WriteInt32BigEndian(encoded.AsSpan(20), 60_000);
        BinaryPrimitives.WriteUInt32BigEndian(encoded.AsSpan(29), DecompressionBombs.Crc32(encoded.AsSpan(12, 17)));

        var error = Assert.Throws<ImageFileException>(() => ImageFile.Decode(encoded, new ImageShape(ColorMode.Gray, 4, 4)));

        Assert.Contains("60000x60000", error.Message);
    }

    [Fact]
    public void EveryDamagedByteGivesAnImageErrorOrAnImage()
    {
        // Flipping each byte of a small PNG in turn reaches every chunk's parser: whatever ImageSharp throws
        // inside, the caller sees an ImageFileException (a flip in pixel data may still decode).
        var original = TestImages.Png(6, 5, TestImages.Pattern);
        var shape = new ImageShape(ColorMode.Rgb, 4, 4);
        var failures = 0;
        for (var i = 8; i < original.Length; i++)
        {
            var damaged = (byte[])original.Clone();
            damaged[i] ^= 0x5A;
            try
            {
                ImageFile.Decode(damaged, shape);
            }
            catch (ImageFileException)
            {
                failures++;
            }
        }
        Assert.True(failures > 0);
    }

    [Fact]
    public void ReadNamesTheFileThatFails()
    {
        var path = folder.File("notes.png");
        File.WriteAllText(path, "not an image");

        var error = Assert.Throws<ImageFileException>(() => ImageFile.Read(path, new ImageShape(ColorMode.Gray, 4, 4)));

        Assert.Equal(path, error.Path);
        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void RejectsADestinationOfTheWrongSize()
    {
        var encoded = TestImages.Png(2, 2, TestImages.Pattern);

        Assert.Throws<ArgumentException>(() => ImageFile.Decode(encoded, new ImageShape(ColorMode.Rgb, 2, 2), new byte[4]));
    }

    [Fact]
    public void AZlibBombInATextChunkIsNeverInflated()
    {
        // 64 MiB of zeros deflate to about 64 kB; the decoder must skip the chunk, not inflate it.
        var png = TestImages.Png(4, 4, TestImages.Pattern);
        var bomb = DecompressionBombs.PngWithTextBomb(png, 64);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var planes = ImageFile.Decode(bomb, new ImageShape(ColorMode.Rgb, 4, 4));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ImageFile.Decode(png, new ImageShape(ColorMode.Rgb, 4, 4)), planes);
        Assert.True(allocated < 16 << 20, $"decoding allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task AFifoIsRefusedWithoutBlocking()
    {
        var path = folder.File("camera.png");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path])) mkfifo.WaitForExit();

        var read = Task.Run(() => Assert.Throws<ImageFileException>(() => ImageFile.Read(path, new ImageShape(ColorMode.Gray, 4, 4))));

        var error = await read.WaitAsync(TimeSpan.FromSeconds(30)); // throws TimeoutException when it blocked
        Assert.Contains("not a regular file", error.Message);
    }

    [Fact]
    public void ADeviceBehindAnImageNameIsRefused()
    {
        var path = folder.File("zero.png");
        File.CreateSymbolicLink(path, "/dev/zero");

        var error = Assert.Throws<ImageFileException>(() => ImageFile.Load(path));

        Assert.Contains("not a regular file", error.Message);
    }

    [Fact]
    public void AnotherFormatRenamedPngIsRefused()
    {
        var path = folder.File("animation.png");
        File.WriteAllBytes(path, DecompressionBombs.AnimatedGif(7000, 7000, 400));

        var error = Assert.Throws<ImageFileException>(() => ImageFile.Load(path));

        Assert.Contains("not a PNG or JPEG", error.Message);
    }

    [Fact]
    public void ReadSamplesTheRegionOfInterestAsCameraFramesAre()
    {
        var path = folder.File("scene.png");
        TestImages.SavePng(path, 10, 8, TestImages.Pattern);
        var shape = new ImageShape(ColorMode.Rgb, 3, 2);
        var region = new FrameRegion(2, 1, 6, 6);
        var expected = new byte[shape.Size];
        FrameSampler.Sample(ImageFile.Load(path), region, shape, expected);

        Assert.Equal(expected, ImageFile.Read(path, shape, region: region));
        Assert.NotEqual(expected, ImageFile.Read(path, shape));
    }

    [Fact]
    public void AFileCutShortIsToldAsTruncated()
    {
        var png = folder.File("whole.png");
        var jpeg = folder.File("whole.jpg");
        TestImages.SavePng(png, 40, 30, TestImages.Pattern);
        TestImages.SaveJpeg(jpeg, 40, 30, TestImages.Pattern);
        foreach (var whole in new[] { png, jpeg })
        {
            var bytes = File.ReadAllBytes(whole);
            var cut = folder.File("cut" + Path.GetExtension(whole));
            File.WriteAllBytes(cut, bytes[..(bytes.Length - 20)]);
            var told = 0;

            ImageFile.Load(whole, truncated: () => told++);
            Assert.Equal(0, told);
            try { ImageFile.Load(cut, truncated: () => told++); }
            catch (ImageFileException) { told++; } // a decoder may also give up on it: refused is fine, silent is not
            Assert.Equal(1, told);
        }
    }
}
