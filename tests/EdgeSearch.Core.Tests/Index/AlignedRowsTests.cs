using System.Runtime.CompilerServices;
using EdgeSearch.Core.Index;

namespace EdgeSearch.Core.Tests.Index;

public class AlignedRowsTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(17)]
    public void FirstRowStartsOnACacheLine(int width)
    {
        var floats = new AlignedRows<float>(width);
        var codes = new AlignedRows<sbyte>(width);
        for (var rows = 1; rows <= 4096; rows *= 4)
        {
            floats.Grow(rows, 0);
            codes.Grow(rows, 0);
            Assert.Equal(0, Address(floats.Rows(0, rows)) % 64);
            Assert.Equal(0, Address(codes.Rows(0, rows)) % 64);
        }
    }

    [Fact]
    public void GrowingKeepsTheRowsAndOnlyThoseAskedFor()
    {
        var rows = new AlignedRows<float>(3);
        rows.Grow(2, 0);
        float[] first = [1, 2, 3, 4, 5, 6];
        first.CopyTo(rows.Rows(0, 2));

        rows.Grow(10, kept: 2);

        Assert.Equal(10, rows.Capacity);
        Assert.Equal(first, rows.Rows(0, 2).ToArray());
        Assert.Equal(30, rows.Rows(0, 10).Length);
    }

    [Fact]
    public void GrowingToLessIsANoOp()
    {
        var rows = new AlignedRows<sbyte>(4);
        rows.Grow(8, 0);
        rows.Rows(7, 1).Fill(5);

        rows.Grow(3, 8);

        Assert.Equal(8, rows.Capacity);
        Assert.All(rows.Rows(7, 1).ToArray(), code => Assert.Equal(5, code));
    }

    // The byte offset from a null reference is the address.
    private static long Address<T>(Span<T> span) where T : unmanaged =>
        Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref span[0]);
}
