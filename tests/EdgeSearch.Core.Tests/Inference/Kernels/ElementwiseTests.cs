using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Core.Tests.Inference.Kernels;

public class ElementwiseTests
{
    private static readonly int[] Lengths = [1, 3, 4, 7, 8, 15, 16, 17, 31, 33, 49, 64, 100];

    /// <summary>Every length at every accelerated width: a span shorter than a vector narrows it, down to scalar.</summary>
    public static TheoryData<VectorWidth, int> WidthsAndLengths()
    {
        var data = new TheoryData<VectorWidth, int>();
        foreach (var width in Platform.Widths)
        foreach (var length in Lengths) data.Add(width, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(WidthsAndLengths))]
    public void UnaryInPlaceCoversRemainders(VectorWidth width, int length)
    {
        var x = new RandomTensors(length).Uniform(length, 3f);
        var expected = new float[length];
        Elementwise.Transform<GeluOperator>(null, x, expected);
        Elementwise.Transform<GeluOperator>(width, x, x); // in place: the overlapping last vector must read the originals
        Close.Equal(expected, x, 1e-5f);
    }

    [Theory]
    [MemberData(nameof(WidthsAndLengths))]
    public void BinaryAndReductionsMatchScalar(VectorWidth width, int length)
    {
        var random = new RandomTensors(100 + length);
        var a = random.Uniform(length);
        var b = random.Uniform(length);
        var sum = new float[length];
        var scaled = new float[length];
        Elementwise.Transform<AddOperator>(width, a, b, sum);
        Elementwise.Transform<MultiplyOperator>(width, a, 2.5f, scaled);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(a[i] + b[i], sum[i]);
            Assert.Equal(a[i] * 2.5f, scaled[i]);
        }
        Assert.Equal(Elementwise.Dot(null, a, b), Elementwise.Dot(width, a, b), 1e-5f);
        Assert.Equal(Elementwise.Sum(null, a), Elementwise.Sum(width, a), 1e-5f);
    }

    [Theory]
    [MemberData(nameof(WidthsAndLengths))]
    public void MaxFindsTheLargestWhereverItSits(VectorWidth width, int length)
    {
        // All negative, so a maximum seeded with zero would be caught; the largest value visits every position.
        for (var at = 0; at < length; at++)
        {
            var x = new RandomTensors(length * 7 + at).Uniform(length, 1f).Select(v => v - 2f).ToArray();
            x[at] = -0.5f;
            Assert.Equal(-0.5f, Elementwise.Max(width, x));
            Assert.Equal(-0.5f, Elementwise.Max(null, x));
        }
    }

    [Fact]
    public void BroadcastSimdMatchesReference()
    {
        int[][][] cases =
        [
            [[2, 3, 5], [2, 3, 5], [2, 3, 5]],
            [[4, 6, 7], [4, 6, 7], [4, 1, 1]],
            [[4, 6, 7], [1, 1, 1], [4, 6, 7]],
            [[3, 17], [3, 1], [1, 17]],
            [[5, 2, 9], [5, 2, 9], [1, 1, 9]],
            [[2, 9, 3], [1, 9, 1], [2, 9, 3]],
        ];
        var random = new RandomTensors(7);
        foreach (var c in cases)
        {
            var broadcast = new Broadcast(c[0], c[1], c[2]);
            var left = random.Uniform(c[1].Aggregate(1, (x, y) => x * y));
            var right = random.Uniform(c[2].Aggregate(1, (x, y) => x * y));
            var reference = new float[broadcast.Length];
            broadcast.RunReference<MultiplyOperator>(left, right, reference);
            foreach (var width in Platform.Widths)
            {
                var simd = new float[broadcast.Length];
                broadcast.RunSimd<MultiplyOperator>(width, left, right, simd);
                Assert.Equal(reference, simd);
            }
        }
    }

    [Fact]
    public void BroadcastReferenceFollowsNumpyRules()
    {
        // [2, 1] + [3]: out[i, j] = left[i] + right[j].
        var broadcast = new Broadcast([2, 3], [2, 1], [1, 3]);
        var output = new float[6];
        broadcast.RunReference<AddOperator>([10f, 20f], [1f, 2f, 3f], output);
        Assert.Equal([11f, 12f, 13f, 21f, 22f, 23f], output);
    }
}
