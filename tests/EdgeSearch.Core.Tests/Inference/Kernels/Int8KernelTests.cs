using System.Runtime.InteropServices;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Kernels.Int8;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Core.Tests.Inference.Kernels;

/// <summary>Every int8 SIMD path this machine runs, held exactly equal to the scalar reference.</summary>
public class Int8KernelTests
{
    public static TheoryData<Int8Path> SimdPaths()
    {
        var data = new TheoryData<Int8Path>();
        foreach (var path in Platform.Int8Paths.Where(p => p != Int8Path.Scalar)) data.Add(path);
        if (data.Count == 0) data.Add(Int8Path.Scalar); // still runs the comparison machinery on a machine without SIMD
        return data;
    }

    /// <summary>in channels, H, W, out channels, kernel, stride, pad, groups: odd sizes leave remainders everywhere.</summary>
    private static readonly int[][] Geometries =
    [
        [32, 14, 14, 64, 3, 1, 1, 1],
        [16, 6, 6, 48, 3, 1, 1, 1],
        [3, 11, 13, 5, 3, 2, 1, 1],
        [6, 5, 7, 9, 5, 1, 2, 3],
        [5, 17, 19, 7, 3, 2, 0, 1],
        [1, 3, 3, 1, 3, 1, 1, 1],
        [13, 1, 1, 11, 1, 1, 0, 1],
        [8, 6, 5, 12, 1, 1, 0, 4],
        [8, 5, 6, 56, 3, 1, 1, 1],
        [17, 4, 9, 3, 2, 1, 0, 1],
    ];

    [Theory]
    [MemberData(nameof(SimdPaths))]
    public void ConvMatchesReferenceExactly(Int8Path path)
    {
        foreach (var shape in Geometries)
        foreach (var activation in new[] { Activation.None, Activation.Relu })
        foreach (var requantize in new[] { true, false })
        {
            var random = new RandomTensors(shape.Sum() * 7 + (int)activation + (requantize ? 100 : 0));
            var geometry = new ConvGeometry(shape[0], shape[1], shape[2], shape[3], shape[4], shape[4], shape[5], shape[5], shape[6], shape[6], shape[6], shape[6], shape[7]);
            var conv = RandomConv(random, geometry, activation, requantize ? new QuantParams(0.07f, -9) : null, pool: null);
            AssertSame(conv, path, random);
        }
    }

    [Theory]
    [MemberData(nameof(SimdPaths))]
    public void FusedMaxPoolMatchesReferenceExactly(Int8Path path)
    {
        var random = new RandomTensors(3);
        var geometry = new ConvGeometry(7, 9, 11, 21, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        AssertSame(RandomConv(random, geometry, Activation.Relu, new QuantParams(0.05f, 4), Halving(geometry)), path, random);
    }

    /// <summary>The models' pool after a convolution: 2×2, stride 2, over its whole output (an odd last row or column left out).</summary>
    private static PoolGeometry Halving(ConvGeometry g) => new(PoolKind.Max, g.OutChannels, g.OutHeight, g.OutWidth, 2, 2, 2, 2, 0, 0, 0, 0, false);

    /// <summary>
    /// A GELU table before a 2×2 pool: the SIMD paths pool the int32 sums first and look up each window's least and
    /// greatest value only. A table that rises and then falls cannot be pooled first and keeps the plain epilogue.
    /// Both against the reference, which requantizes, looks up and pools every value.
    /// </summary>
    [Theory]
    [MemberData(nameof(SimdPaths))]
    public void PoolingBeforeTheTableMatchesReferenceExactly(Int8Path path)
    {
        var random = new RandomTensors(5);
        var geometry = new ConvGeometry(32, 9, 11, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        var preActivation = new QuantParams(0.02f, 10);
        var gelu = QuantizedRows.ActivationTable(Activation.Gelu, preActivation, new QuantParams(0.01f, -100));
        // GELU dips below zero before it rises: a window's least input can give its greatest output.
        Assert.True(gelu[0] > gelu.Min());
        sbyte[] peak = [.. Enumerable.Range(0, Int8Table.Length).Select(i => (sbyte)(127 - Math.Abs(i - 128)))];
        foreach (var (table, pooledFirst) in new[] { (gelu, true), (peak, false) })
        {
            var conv = RandomConv(random, geometry, Activation.None, preActivation, Halving(geometry)) with { Table = table };
            Assert.Equal(pooledFirst, Int8KernelSelection.Conv(conv, path, Platform.Widest).Path.Contains("max-pooled on the int32 sums"));
            AssertSame(conv, path, random);
        }
    }

    [Theory]
    [InlineData(7, 7, 4)] // a 14×14 map: bands of 28 + 21 tiles compute 52, bands of 14 compute 56
    [InlineData(14, 14, 2)] // 28×28: 28 tiles a band, seven tiles of four
    [InlineData(4, 4, 3)] // 7×7: 12 + 4 tiles, none wasted; the fewest rows of the ties
    [InlineData(8, 8, 2)] // 16×16: 16 tiles a band
    [InlineData(16, 16, 1)] // 32×32: one row already holds 16
    [InlineData(3, 2, 2)] // a map smaller than a band: all of it
    public void WinogradBandsComputeTheFewestTiles(int tilesX, int tilesY, int rows) =>
        Assert.Equal(rows, WinogradInt8ConvKernel.BandRows(tilesX, tilesY));

    [Theory]
    [InlineData(new sbyte[] { 5, 5, 5 }, true)]
    [InlineData(new sbyte[] { 1, 2, 2, 9 }, true)]
    [InlineData(new sbyte[] { 9, 3, 3, -4 }, true)]
    [InlineData(new sbyte[] { 3, 1, 1, 2, 5, 5 }, true)]
    [InlineData(new sbyte[] { 1, 3, 2 }, false)]
    [InlineData(new sbyte[] { 1, 0, 1, 0 }, false)]
    public void TablesThatFallThenRiseAreFound(sbyte[] table, bool fallsThenRises) =>
        Assert.Equal(fallsThenRises, PooledRequantization.FallsThenRises(table));

    /// <summary>A 1×1 convolution worked by hand: real = ((x − 1)·2 + 4)·0.125, quantized at 0.125.</summary>
    [Fact]
    public void ReferenceConvMatchesHandComputedValues()
    {
        var geometry = new ConvGeometry(1, 2, 2, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1);
        var conv = new Int8Conv(geometry, [2], [4], new QuantParams(0.5f, 1), [0.25f], Activation.None, new QuantParams(0.125f, 0), null);
        var output = Run(new ReferenceInt8ConvKernel(conv), [1, 2, 3, -4]);
        Assert.Equal(new sbyte[] { 4, 6, 8, -6 }, output.Int8);
    }

    [Fact]
    public void QuantizeRoundsHalfToEvenAndSaturates()
    {
        var q = new QuantParams(0.5f, 3);
        // 1.25/0.5 = 2.5 → 2, 1.75/0.5 = 3.5 → 4, −0.25/0.5 = −0.5 → −0 (then + 3).
        float[] real = [1.25f, 1.75f, -0.25f, 1000f, -1000f, 0f];
        sbyte[] expected = [5, 7, 3, 127, -128, 3];
        Assert.Equal(expected, real.Select(q.Quantize).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(75)]
    public void VectorQuantizeMatchesScalar(int length)
    {
        var random = new RandomTensors(length);
        var q = new QuantParams(0.25f, -7);
        // Exact ties (k + ½)·scale and values far outside the range, among random ones.
        var real = random.Uniform(length, 40f).Select((v, i) => i % 3 == 0 ? (MathF.Round(v) + 0.5f) * q.Scale : v).ToArray();
        var scalar = new sbyte[length];
        QuantizedRows.Quantize(real, q, scalar, width: null);
        Assert.Equal(real.Select(q.Quantize).ToArray(), scalar);
        foreach (var width in Platform.Widths)
        {
            var simd = new sbyte[length];
            QuantizedRows.Quantize(real, q, simd, width);
            Assert.Equal(scalar, simd);
        }
    }

    [Fact]
    public void VectorMaxPoolMatchesScalar()
    {
        var random = new RandomTensors(8);
        var pool = new PoolGeometry(PoolKind.Max, 35, 7, 9, 3, 3, 2, 2, 1, 1, 1, 1, false);
        var input = RandomBytes(random, 35 * 7 * 9);
        var scalar = Pool(pool, input, simd: false);
        Assert.Equal(scalar, Pool(pool, input, simd: true));
        // The top-left window (padding above and left) holds input pixels (0,0),(0,1),(1,0),(1,1).
        for (var c = 0; c < 35; c++)
            Assert.Equal(new[] { input[c], input[35 + c], input[9 * 35 + c], input[10 * 35 + c] }.Max(), scalar[c]);
    }

    /// <summary>The models' 2×2 stride-2 pool (its own vector loop) on an odd-sized map, whose last row and column no window takes.</summary>
    [Fact]
    public void HalvingMaxPoolMatchesScalar()
    {
        var random = new RandomTensors(12);
        var pool = new PoolGeometry(PoolKind.Max, 32, 7, 9, 2, 2, 2, 2, 0, 0, 0, 0, false);
        var input = RandomBytes(random, 32 * 7 * 9);
        var scalar = Pool(pool, input, simd: false);
        Assert.Equal(scalar, Pool(pool, input, simd: true));
        // Output (2, 3) takes input pixels (4, 6), (4, 7), (5, 6) and (5, 7).
        for (var c = 0; c < 32; c++)
            Assert.Equal(new[] { input[(4 * 9 + 6) * 32 + c], input[(4 * 9 + 7) * 32 + c], input[(5 * 9 + 6) * 32 + c], input[(5 * 9 + 7) * 32 + c] }.Max(),
                scalar[(2 * 4 + 3) * 32 + c]);
    }

    private static sbyte[] Pool(PoolGeometry pool, sbyte[] input, bool simd)
    {
        var output = new sbyte[pool.Channels * pool.OutPlane];
        Int8MaxPool.Run(pool, input, output, simd);
        return output;
    }

    public static TheoryData<ByteTableLookup, int> TableLookups()
    {
        var data = new TheoryData<ByteTableLookup, int>();
        foreach (var lookup in Enum.GetValues<ByteTableLookup>().Where(Platform.IsSupported))
        foreach (var length in new[] { 1, 63, 256, 299 })
            data.Add(lookup, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(TableLookups))]
    public void VectorTableMatchesScalar(ByteTableLookup lookup, int length)
    {
        var random = new RandomTensors(length + 1);
        var table = RandomBytes(random, Int8Table.Length);
        // Every value at least once (when long enough), so each row of the table is read.
        var values = Enumerable.Range(0, length).Select(i => (sbyte)(i * 167 + 3)).ToArray();
        var (scalar, vector) = (values.ToArray(), values.ToArray());
        new Int8Table(table, null).Apply(scalar, ByteTableLookup.None);
        new Int8Table(table, null).Apply(vector, lookup);
        Assert.Equal(values.Select(v => table[v + 128]).ToArray(), scalar);
        Assert.Equal(scalar, vector);
    }

    /// <summary>A plan's width holds for its tables too: no lookup wider than it, none without one, and one where the widest allows.</summary>
    [Fact]
    public void TableLookupsKeepWithinThePlansWidth()
    {
        static int Bits(ByteTableLookup lookup) => lookup switch
        {
            ByteTableLookup.Vbmi => 512,
            ByteTableLookup.Nibbles => 256,
            ByteTableLookup.Neon => 128,
            _ => 0,
        };
        Assert.Equal(ByteTableLookup.None, Platform.ByteTables(null));
        foreach (var width in Platform.Widths) Assert.True(Bits(Platform.ByteTables(width)) <= (int)width, $"{Platform.ByteTables(width)} at {width}");
        var any = Enum.GetValues<ByteTableLookup>().Any(l => l != ByteTableLookup.None && Platform.IsSupported(l));
        Assert.Equal(any, Platform.ByteTables(Platform.Widest) != ByteTableLookup.None);
    }

    [Fact]
    public void ActivePathIsSupported()
    {
        Assert.True(Platform.IsSupported(Platform.Int8));
        Assert.Contains(Platform.Int8, Platform.Int8Paths);
        Assert.Contains($"int8 path {Platform.Int8}", Platform.Describe());
    }

    private static Int8Conv RandomConv(RandomTensors random, ConvGeometry g, Activation activation, QuantParams? output, PoolGeometry? pool)
    {
        var weights = RandomBytes(random, g.OutChannels * g.PatchLength);
        var bias = Enumerable.Range(0, g.OutChannels).Select(_ => random.Next(-3000, 3000)).ToArray();
        var scales = random.Uniform(g.OutChannels, 0.002f).Select(s => MathF.Abs(s) + 0.0005f).ToArray();
        return new Int8Conv(g, weights, bias, new QuantParams(0.03f, random.Next(-20, 20)), scales, activation, output, pool);
    }

    /// <summary>
    /// Winograd's F(2×2, 3×3) in int16 at the extremes of its bounds: every input and weight at the end of its range
    /// that makes the transformed values largest, the zero point at the far end, 64 input channels. Any int16 or int32
    /// overflow, or an inexact division of the output transform, shows as a difference from the reference.
    /// </summary>
    [Theory]
    [MemberData(nameof(SimdPaths))]
    public void WinogradIsExactAtTheBoundsOfItsRange(Int8Path path)
    {
        var g = new ConvGeometry(64, 9, 7, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        var random = new RandomTensors(21);
        foreach (var zero in new[] { -128, 127 })
        {
            // The worst case of each product: inputs as far from the zero point as they go, alternating in sign by
            // pixel parity so that Bᵀ d B adds four of them; weights of ±128 and 127.
            var far = zero < 0 ? (sbyte)127 : sbyte.MinValue;
            var image = Enumerable.Range(0, g.InChannels * g.InPlane).Select(i => random.Next(0, 4) == 0 ? (sbyte)zero : far).ToArray();
            var weights = Enumerable.Range(0, g.OutChannels * g.PatchLength).Select(i => i % 7 == 0 ? sbyte.MinValue : (sbyte)127).ToArray();
            var conv = new Int8Conv(g, weights, new int[g.OutChannels], new QuantParams(0.03f, zero), [.. Enumerable.Repeat(1e-7f, g.OutChannels)],
                Activation.None, null, null);
            Assert.True(WinogradInt8ConvKernel.Fits(conv), "the bounds test must run the Winograd kernel");
            Assert.Equal(Int8KernelSelection.HasWinograd(path), Int8KernelSelection.Conv(conv, path, Platform.Widest).Path.Contains("Winograd"));
            AssertSame(conv, path, image);
        }
    }

    /// <summary>
    /// The path with the epilogue at every vector width, directly and (where it applies) by Winograd, on one thread,
    /// and with each group's pixels split between two and three, against the reference.
    /// </summary>
    private static void AssertSame(Int8Conv conv, Int8Path path, RandomTensors random)
    {
        var expected = AssertSame(conv, path, RandomBytes(random, conv.Geometry.InChannels * conv.Geometry.InPlane));
        if (conv.Output is not null) Assert.True(expected.Int8.Distinct().Count() > 4, "the output is nearly constant: the test would prove little");
    }

    private static (sbyte[] Int8, float[] Float) AssertSame(Int8Conv conv, Int8Path path, sbyte[] image)
    {
        var expected = Run(new ReferenceInt8ConvKernel(conv), image);
        foreach (var width in Platform.Widths)
        foreach (var count in new[] { 1, 2, 3 })
        foreach (var winograd in new[] { true, false })
        {
            using var threads = new IntraOpThreads(count);
            var actual = Run(Int8KernelSelection.Conv(conv, path, width, threads, winograd), image);
            Assert.Equal(expected.Int8, actual.Int8);
            Assert.Equal(expected.Float, actual.Float);
        }
        return expected;
    }

    private static (sbyte[] Int8, float[] Float) Run(Int8ConvKernel kernel, sbyte[] image)
    {
        var conv = kernel.Conv;
        var int8 = new sbyte[conv.Output is null ? 0 : conv.OutputLength];
        var floats = new float[conv.Output is null ? conv.OutputLength : 0];
        // Scratch as another step leaves it: a kernel must not count on zeros in it.
        var scratch = new float[kernel.ScratchLength];
        MemoryMarshal.AsBytes(scratch.AsSpan()).Fill(0x5A);
        kernel.Run(image, int8, floats, scratch);
        return (int8, floats);
    }

    private static sbyte[] RandomBytes(RandomTensors random, int length) =>
        Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-128, 128)).ToArray();
}
