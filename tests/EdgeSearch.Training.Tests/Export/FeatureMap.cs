namespace EdgeSearch.Training.Tests.Export;

/// <summary>An NCHW tensor in double precision, for the scalar reference.</summary>
internal sealed class FeatureMap(int n, int c, int h, int w)
{
    public int N { get; } = n;
    public int C { get; } = c;
    public int H { get; } = h;
    public int W { get; } = w;
    public double[] Data { get; } = new double[n * c * h * w];

    public ref double this[int n, int c, int h, int w] => ref Data[((n * C + c) * H + h) * W + w];

    /// <summary>Zero outside the image: the padding every convolution and the involution use.</summary>
    public double At(int n, int c, int h, int w) => h < 0 || h >= H || w < 0 || w >= W ? 0 : this[n, c, h, w];

    public static FeatureMap From(float[] data, int n, int c, int h, int w)
    {
        var map = new FeatureMap(n, c, h, w);
        for (var i = 0; i < data.Length; i++) map.Data[i] = data[i];
        return map;
    }
}
