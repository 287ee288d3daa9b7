using EdgeSearch.Training.Data;
using EdgeSearch.Training.Model;
using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Tests.Data;

public sealed class PartsAugmentationTests : TorchTest
{
    private const int Size = 8;

    private static readonly ImageTransform Identity = new(0, 0, false, null);

    private static byte[] Apply(byte[] pixels, ImageTransform transform, int seed = 1)
    {
        var copy = (byte[])pixels.Clone();
        PartsAugmentation.Apply(copy, 1, Size, Size, transform, new Random(seed));
        return copy;
    }

    private static byte[] Flat(byte value) => Enumerable.Repeat(value, Size * Size).ToArray();

    [Fact]
    public void ARightAngleTurnsTheImageCounterClockwiseExactly()
    {
        var image = Enumerable.Range(0, Size * Size).Select(i => (byte)i).ToArray();

        var turned = Apply(image, Identity with { Angle = Math.PI / 2 });

        // numpy's rot90: out[y, x] = in[x, W-1-y].
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
                Assert.Equal(image[x * Size + Size - 1 - y], turned[y * Size + x]);
    }

    [Fact]
    public void AnyAngleKeepsTheCentreAndBlackensOnlyWhatCameFromOutside()
    {
        var turned = Apply(Flat(200), Identity with { Angle = Math.PI / 4 });

        Assert.Equal(200, turned[3 * Size + 3]);
        Assert.Equal(200, turned[4 * Size + 4]);
        // A corner of a square turned by 45° comes from outside it.
        Assert.True(turned[0] < 100, $"corner {turned[0]}");
    }

    [Fact]
    public void BrightnessMovesTheMeanByItsOffset()
    {
        var image = Enumerable.Range(0, Size * Size).Select(i => (byte)(90 + i % 20)).ToArray();

        var brighter = Apply(image, Identity with { Offset = 20 });

        // Every pixel is below 236, so none clips: the mean rises by exactly 20.
        Assert.Equal(image.Average(p => p) + 20, brighter.Average(p => p), 9);
    }

    [Fact]
    public void ContrastScalesEachPixelsDistanceFromTheMean()
    {
        var image = Enumerable.Range(0, Size * Size).Select(i => (byte)(i % 2 == 0 ? 90 : 110)).ToArray();

        var stronger = Apply(image, Identity with { Gain = 1.5 });

        // Mean 100: 90 → 100 - 1.5·10 = 85, 110 → 115.
        Assert.Equal(image.Select(p => p == 90 ? (byte)85 : (byte)115), stronger);
    }

    [Fact]
    public void BlurSpreadsABrightPixelAndKeepsItsLight()
    {
        var image = Flat(0);
        image[4 * Size + 4] = 250;

        var blurred = Apply(image, Identity with { BlurSigma = 0.8 });

        Assert.InRange(blurred[4 * Size + 4], 1, 249);
        Assert.True(blurred[4 * Size + 5] > 0 && blurred[3 * Size + 4] > 0);
        // Rounding each of the nine to twenty-five lit pixels moves the total by half a level at most each.
        Assert.InRange(blurred.Sum(p => p), 250 - 13, 250 + 13);
    }

    [Fact]
    public void NoiseHasTheRequestedSpreadAndNoBias()
    {
        const int side = 64;
        var image = Enumerable.Repeat((byte)128, side * side).ToArray();

        PartsAugmentation.Apply(image, 1, side, side, Identity with { NoiseStd = 10 }, new Random(5));

        var mean = image.Average(p => p);
        var std = Math.Sqrt(image.Average(p => (p - mean) * (p - mean)));
        Assert.InRange(mean, 127.5, 128.5);
        // 4,096 samples: the sample std lies within a few percent; rounding to levels adds 1/12 of a level's variance.
        Assert.InRange(std, 9.5, 10.5);
    }

    [Fact]
    public void SwitchedOffTheyDrawNoNumbersSoEarlierRunsReproduce()
    {
        var withSwitches = new Random(7);
        var before = new Random(7);

        new Augmentation(2, Flip: true, Rotate: false, Brightness: 0, Contrast: 0, Blur: 0, Noise: 0).Draw(withSwitches, Size, Size);
        before.Next(-2, 3);
        before.Next(-2, 3);
        before.Next(2);

        Assert.Equal(before.NextDouble(), withSwitches.NextDouble());
    }

    [Fact]
    public void DrawsStayInTheirRanges()
    {
        var augmentation = new Augmentation(0, false, Rotate: true, Brightness: 0.1, Contrast: 0.2, Blur: 0.8, Noise: 0.03);
        var random = new Random(9);
        var draws = Enumerable.Range(0, 1000).Select(_ => augmentation.Draw(random, Size, Size)).ToArray();

        Assert.All(draws, t =>
        {
            Assert.InRange(t.Angle, 0, 2 * Math.PI);
            Assert.InRange(t.Offset, -25.5, 25.5);
            Assert.InRange(t.Gain, 0.8, 1.2);
            Assert.InRange(t.BlurSigma, 0, 0.8);
            Assert.InRange(t.NoiseStd, 0, 0.03 * 255);
        });
        // Rotation covers the whole circle.
        Assert.Contains(draws, t => t.Angle > 1.5 * Math.PI);
    }

    [Fact]
    public void ARunRecordsItsAugmentationsInTheCheckpoint()
    {
        var directory = Directory.CreateTempSubdirectory("edgesearch-augment-").FullName;
        try
        {
            var options = new TrainingOptions { Epochs = 1, BatchSize = 8, Rotate = true, Brightness = 0.1, Contrast = 0.2, Blur = 0.8, Noise = 0.03 };
            var network = new Hybrid1Options { InputHeight = 16, InputWidth = 16, Widths = [4, 8, 8, 8], EmbeddingDim = 8 };
            var (model, _) = new Trainer(options, Augmentation.For(options, allowsMirror: false), TextWriter.Null)
                .Run(network, SyntheticImages.Create(perClass: 4, size: 16), "synthetic", directory);
            model.Dispose();

            var recorded = Checkpoint.ReadInfo(Path.Combine(directory, Trainer.CheckpointFileName)).Training;

            Assert.Equal((true, 0.1, 0.2, 0.8, 0.03), (recorded.Rotate, recorded.Brightness, recorded.Contrast, recorded.Blur, recorded.Noise));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
