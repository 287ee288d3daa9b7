using EdgeSearch.Core.Index;

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

    private static sbyte[] RandomCodes(Random random, int count)
    {
        var codes = new sbyte[count];
        for (var i = 0; i < count; i++)
            codes[i] = (sbyte)random.Next(-127, 128);
        return codes;
    }
}
