using EdgeSearch.Core.Datasets;

namespace EdgeSearch.Training.Tests;

/// <summary>Tiny labelled gray images: class c is bright in quadrant c, plus noise, so a few steps can learn it.</summary>
internal static class SyntheticImages
{
    public static ImageSet Create(int perClass, int size = 8, int classes = 4, int seed = 3)
    {
        var random = new Random(seed);
        var count = perClass * classes;
        var pixels = new byte[count * size * size];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = labels[i] = i % classes;
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var quadrant = (y < size / 2 ? 0 : 2) + (x < size / 2 ? 0 : 1);
                    pixels[(i * size + y) * size + x] = (byte)((quadrant == label ? 160 : 30) + random.Next(60));
                }
        }
        return new ImageSet(1, size, size, pixels, labels, Enumerable.Range(0, classes).Select(c => $"class{c}").ToArray());
    }
}
