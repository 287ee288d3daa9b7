using System.Runtime.Intrinsics;
using EdgeSearch.Core.Index;
using EdgeSearch.Core.Inference.Kernels;

namespace EdgeSearch.Core.Tests.Index;

public class RowDotTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (var dim in new[] { 1, 3, 7, 15, 16, 17, 33, 63, 64, 65, 100, 130 })
            foreach (var rows in new[] { 0, 1, 3, 4, 5, 9 })
                data.Add(dim, rows);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Float32MatchesElementwiseSum(int dim, int rowCount)
    {
        var query = RandomEmbeddings.Unit(1, 1, dim);
        var rows = RandomEmbeddings.Unit(2, rowCount, dim);
        var dots = new float[rowCount];

        RowDot.Compute(query, rows, dots);

        for (var r = 0; r < rowCount; r++)
        {
            double expected = 0;
            for (var i = 0; i < dim; i++)
                expected += (double)query[i] * rows[r * dim + i];
            Assert.Equal(expected, dots[r], 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Int8IsExact(int dim, int rowCount)
    {
        var random = new Random(dim * 31 + rowCount);
        var query = RandomCodes(random, dim);
        var rows = RandomCodes(random, rowCount * dim);
        var dots = new float[rowCount];

        RowDot.Compute(query, rows, dots);

        for (var r = 0; r < rowCount; r++)
        {
            var expected = 0;
            for (var i = 0; i < dim; i++)
                expected += query[i] * rows[r * dim + i];
            Assert.Equal(expected, dots[r]);
        }
    }

    // The dispatching overloads take only the widest width; each width is also held to the scalar reference here.
    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryFloat32WidthMatchesTheScalarReference(int dim, int rowCount)
    {
        var query = RandomEmbeddings.Unit(3, 1, dim);
        var rows = RandomEmbeddings.Unit(4, rowCount, dim);
        var expected = new float[rowCount];
        RowDot.ComputeScalar<float>(query, rows, expected);

        foreach (var dots in Float32Widths(query, rows, rowCount, dim))
            for (var r = 0; r < rowCount; r++)
                Assert.Equal(expected[r], dots[r], 1e-5);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryInt8WidthIsExact(int dim, int rowCount)
    {
        var random = new Random(dim * 17 + rowCount);
        var query = RandomCodes(random, dim);
        var rows = RandomCodes(random, rowCount * dim);
        var expected = new float[rowCount];
        RowDot.ComputeScalar<sbyte>(query, rows, expected);

        foreach (var dots in Int8Widths(query, rows, rowCount, dim))
            Assert.Equal(expected, dots);
    }

    [Theory]
    [InlineData(64, 7)]
    [InlineData(20, 13)]
    [InlineData(3, 6)]
    public void EqualRowsGetBitEqualDotsWhereverTheyStand(int dim, int rowCount)
    {
        // The same row in every position of the four-row groups and of the short last group.
        var row = RandomEmbeddings.Unit(5, 1, dim);
        var rows = Enumerable.Repeat(row, rowCount).SelectMany(r => r).ToArray();
        var query = RandomEmbeddings.Unit(6, 1, dim);
        var codes = new sbyte[rows.Length];
        var queryCodes = new sbyte[dim];
        ScalarQuantizer.Quantize(query, queryCodes);
        for (var r = 0; r < rowCount; r++)
            ScalarQuantizer.Quantize(row, codes.AsSpan(r * dim, dim));

        foreach (var dots in Float32Widths(query, rows, rowCount, dim).Concat(Int8Widths(queryCodes, codes, rowCount, dim)))
            Assert.All(dots, dot => Assert.Equal(BitConverter.SingleToInt32Bits(dots[0]), BitConverter.SingleToInt32Bits(dot)));
    }

    [Fact]
    public void Int8ExtremesDoNotOverflow()
    {
        const int dim = 128;
        var query = Enumerable.Repeat((sbyte)-127, dim).ToArray();
        var rows = Enumerable.Repeat((sbyte)-127, dim).Concat(Enumerable.Repeat((sbyte)127, dim)).ToArray();
        var dots = new float[2];

        RowDot.Compute(query, rows, dots);

        Assert.Equal(127 * 127 * dim, dots[0]);
        Assert.Equal(-127 * 127 * dim, dots[1]);
    }

    [Fact]
    public void RowsTooShortAreRejected() =>
        Assert.Throws<ArgumentException>(() => RowDot.Compute(new float[4], new float[7], new float[2]));

    // Every width this machine accelerates and the dimension fills at least once.
    private static IEnumerable<float[]> Float32Widths(float[] query, float[] rows, int rowCount, int dim)
    {
        if (FloatLanes<Vector128<float>, Simd128>.IsSupported && dim >= Simd128.Count)
            yield return Dots(d => RowDot.Compute<FloatLanes<Vector128<float>, Simd128>, float, Vector128<float>, Vector128<float>>(query, rows, d), rowCount);
        if (FloatLanes<Vector256<float>, Simd256>.IsSupported && dim >= Simd256.Count)
            yield return Dots(d => RowDot.Compute<FloatLanes<Vector256<float>, Simd256>, float, Vector256<float>, Vector256<float>>(query, rows, d), rowCount);
        yield return Dots(d => RowDot.Compute(query, rows, d), rowCount);
    }

    private static IEnumerable<float[]> Int8Widths(sbyte[] query, sbyte[] rows, int rowCount, int dim)
    {
        if (Int8x128.IsSupported && dim >= Int8x128.Count)
            yield return Dots(d => RowDot.Compute<Int8x128, sbyte, Vector128<sbyte>, Vector128<int>>(query, rows, d), rowCount);
        if (Int8x256.IsSupported && dim >= Int8x256.Count)
            yield return Dots(d => RowDot.Compute<Int8x256, sbyte, Vector256<sbyte>, Vector256<int>>(query, rows, d), rowCount);
        if (Int8x512.IsSupported && dim >= Int8x512.Count)
            yield return Dots(d => RowDot.Compute<Int8x512, sbyte, Vector512<sbyte>, Vector512<int>>(query, rows, d), rowCount);
        yield return Dots(d => RowDot.Compute(query, rows, d), rowCount);
    }

    private static float[] Dots(Action<float[]> compute, int rowCount)
    {
        var dots = new float[rowCount];
        compute(dots);
        return dots;
    }

    private static sbyte[] RandomCodes(Random random, int count)
    {
        var codes = new sbyte[count];
        for (var i = 0; i < count; i++)
            codes[i] = (sbyte)random.Next(-127, 128);
        return codes;
    }
}
