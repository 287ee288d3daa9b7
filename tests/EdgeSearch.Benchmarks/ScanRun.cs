using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeSearch.Core.Index;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Benchmarks;

/// <summary>
/// Single-query top-10 gallery scans, one thread, fp32 and int8, beside this machine's one-thread memory-read
/// roofline (a plain vector sum over a 256 MB array). Interleaved rounds; median and best of each, since the
/// machine is shared: the best is the least disturbed run.
/// </summary>
public static class ScanRun
{
    private const int Dimension = 64;
    private const int K = 10;
    private const long RooflineBytes = 256L << 20;

    public static void Run(int rounds)
    {
        var roofline = CacheLineAligned((int)(RooflineBytes / sizeof(float)));
        roofline.Span.Fill(1f);
        var sink = 0f;
        foreach (var size in new[] { 10_000, 100_000, 1_000_000 })
        {
            var rows = new RandomTensors(size).Uniform(size * Dimension, 1f);
            var fp32 = Build(rows, size, VectorPrecision.Float32);
            var int8 = Build(rows, size, VectorPrecision.Int8);
            var queries = new RandomTensors(7).Uniform(64 * Dimension, 1f);
            var results = new Neighbor[K];
            var next = 0;
            void Search(VectorIndex index) => index.Search(queries.AsSpan(next++ % 64 * Dimension, Dimension), results);
            var iterations = (int)Math.Clamp(2_000_000_000L / ((long)size * Dimension * sizeof(float)), 11, 501);
            // Past tiered compilation of everything on the path.
            for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < 1000;)
            {
                Search(fp32);
                Search(int8);
            }
            for (var round = 0; round < rounds; round++)
            {
                var sum = Time(() => sink += Sum(roofline.Span), 11);
                var f = Time(() => Search(fp32), iterations);
                var q = Time(() => Search(int8), iterations);
                var fBytes = (long)size * Dimension * sizeof(float);
                var qBytes = (long)size * (Dimension + sizeof(float));
                // Only a gallery far larger than the caches is held to the memory roofline.
                var share = fBytes >= RooflineBytes / 2 ? $", fp32 at {Rate(fBytes, f.Median) / Rate(RooflineBytes, sum.Median):P0} of it" : "";
                Console.WriteLine(
                    $"{size,9:N0} rows | fp32 {f.Median,9:F1} µs (best {f.Best:F1}) {Rate(fBytes, f.Median),5:F1} GB/s" +
                    $" | int8 {q.Median,8:F1} µs (best {q.Best:F1}) {Rate(qBytes, q.Median),5:F1} GB/s" +
                    $" | fp32/int8 {f.Median / q.Median:F2} | roofline {Rate(RooflineBytes, sum.Median):F1} GB/s" +
                    $" (best {Rate(RooflineBytes, sum.Best):F1}){share}");
            }
        }
        GC.KeepAlive(sink);
    }

    private static VectorIndex Build(float[] rows, int size, VectorPrecision precision)
    {
        var index = new VectorIndex(Dimension, precision) { MaxParallelism = 1 };
        var row = new float[Dimension];
        for (var r = 0; r < size; r++)
        {
            rows.AsSpan(r * Dimension, Dimension).CopyTo(row);
            var norm = MathF.Sqrt(row.Sum(x => x * x));
            for (var i = 0; i < Dimension; i++) row[i] /= norm;
            index.Add(r, row);
        }
        return index;
    }

    // Aligned like the index's rows, so that the roofline's loads do not straddle cache lines either.
    private static Memory<float> CacheLineAligned(int length)
    {
        var items = GC.AllocateUninitializedArray<float>(length + 16, pinned: true);
        var misalignment = (int)(Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref items[0]) % 64);
        return items.AsMemory((64 - misalignment) % 64 / sizeof(float), length);
    }

    // The roofline: every byte read once, four independent accumulators, nothing else.
    private static float Sum(ReadOnlySpan<float> values)
    {
        ref var first = ref MemoryMarshal.GetReference(values);
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        var step = (nuint)Vector256<float>.Count;
        for (nuint i = 0; i + 4 * step <= (nuint)values.Length; i += 4 * step)
        {
            s0 += Vector256.LoadUnsafe(ref first, i);
            s1 += Vector256.LoadUnsafe(ref first, i + step);
            s2 += Vector256.LoadUnsafe(ref first, i + 2 * step);
            s3 += Vector256.LoadUnsafe(ref first, i + 3 * step);
        }
        return Vector256.Sum(s0 + s1 + s2 + s3);
    }

    private static (double Median, double Best) Time(Action action, int iterations)
    {
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(times);
        return (times[iterations / 2], times[0]);
    }

    private static double Rate(long bytes, double microseconds) => bytes / microseconds / 1e3;
}
