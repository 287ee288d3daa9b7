using TorchSharp;

namespace EdgeSearch.Training.Tests;

/// <summary>Proves the native fix: TorchSharp's native library loads and computes on this machine.</summary>
public sealed class TorchLoadsTests : TorchTest
{
    [Fact]
    public void MatrixProductOfTwoSmallTensors()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, 2, 2);
        using var product = torch.matmul(a, b);
        // [[1,2],[3,4]] x [[5,6],[7,8]] = [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]] = [[19,22],[43,50]]
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }
}
