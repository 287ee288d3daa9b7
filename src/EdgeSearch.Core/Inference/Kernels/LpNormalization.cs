namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// Divides each vector along the normalised axis by its L1 or L2 norm (a zero vector stays zero), with the
/// tensor viewed as <c>[Outer, Axis, Inner]</c>. The SIMD form covers contiguous L2 (Inner = 1), the
/// embedding's case; strided vectors and L1 take the reference path.
/// </summary>
internal sealed record LpNormalization(int Outer, int Axis, int Inner, int P)
{
    public int Length => Outer * Axis * Inner;

    public void Run(ReadOnlySpan<float> x, Span<float> y, VectorWidth? width)
    {
        for (var o = 0; o < Outer; o++)
        for (var i = 0; i < Inner; i++)
        {
            var start = o * Axis * Inner + i;
            if (width is not null && Inner == 1 && P == 2)
            {
                var v = x.Slice(start, Axis);
                var norm = MathF.Sqrt(Elementwise.Dot(width, v, v));
                Elementwise.Transform<MultiplyOperator>(width, v, norm == 0 ? 0f : 1f / norm, y.Slice(start, Axis));
                continue;
            }
            var sum = 0f;
            for (var a = 0; a < Axis; a++)
            {
                var value = x[start + a * Inner];
                sum += P == 2 ? value * value : MathF.Abs(value);
            }
            var scale = sum == 0 ? 0f : 1f / (P == 2 ? MathF.Sqrt(sum) : sum);
            for (var a = 0; a < Axis; a++) y[start + a * Inner] = x[start + a * Inner] * scale;
        }
    }
}
