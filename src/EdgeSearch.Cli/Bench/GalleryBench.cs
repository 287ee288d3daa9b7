using System.Diagnostics;
using EdgeSearch.Cli.Output;
using EdgeSearch.Cli.Running;
using EdgeSearch.Core.Index;

namespace EdgeSearch.Cli.Bench;

/// <summary>A single-query scan's timing and the rate at which it read the stored vectors.</summary>
public sealed record ScanTiming(int Size, int Dimension, VectorPrecision Precision, long StoredBytes, Latency PerQuery)
{
    public double GigabytesPerSecond => StoredBytes / (PerQuery.MedianUs * 1e-6) / 1e9;
}

/// <summary>
/// Times one top-k query over a gallery of random unit vectors on one thread, the way a device matches one frame.
/// </summary>
public static class GalleryBench
{
    public const int TopK = 10;

    public static ScanTiming Run(int size, int dimension, VectorPrecision precision, int warmup, int iterations, ProgressBar progress)
    {
        if (size < 1 || dimension < 1 || warmup < 0 || iterations < 1)
            throw new ArgumentException("--gallery-size, --dim and --iterations must be at least 1 and --warmup at least 0.");
        var random = new Random(1);
        var index = new VectorIndex(dimension, precision) { MaxParallelism = 1 };
        var vector = new float[dimension];
        for (var row = 0; row < size; row++)
        {
            RandomUnitVector(random, vector);
            index.Add(row, vector);
        }
        var results = new Neighbor[TopK];
        for (var i = 0; i < warmup; i++)
        {
            RandomUnitVector(random, vector);
            index.Search(vector, results);
        }
        var timings = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            RandomUnitVector(random, vector);
            var start = Stopwatch.GetTimestamp();
            index.Search(vector, results);
            timings.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            progress.Advance();
        }
        // int8 rows are the codes plus one float scale each.
        var rowBytes = precision == VectorPrecision.Float32 ? dimension * sizeof(float) : dimension + sizeof(float);
        return new ScanTiming(size, dimension, precision, (long)size * rowBytes, Latency.Of(timings));
    }

    private static void RandomUnitVector(Random random, Span<float> vector)
    {
        double sum;
        do
        {
            sum = 0;
            for (var i = 0; i < vector.Length; i++)
            {
                // Box-Muller: normal components make the direction uniform on the sphere.
                var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                vector[i] = (float)g;
                sum += g * g;
            }
        } while (sum == 0);
        var scale = (float)(1 / Math.Sqrt(sum));
        for (var i = 0; i < vector.Length; i++) vector[i] *= scale;
    }
}
