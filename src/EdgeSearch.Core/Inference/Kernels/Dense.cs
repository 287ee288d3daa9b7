namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// A fully connected layer, y = x·Wᵀ + b, for Gemm and MatMul with a constant right-hand side. Weights are held
/// as <c>[Outputs, Inputs]</c> (Gemm's transB form), so each output is one dot product of two contiguous rows.
/// </summary>
internal sealed record Dense(int Inputs, int Outputs, float[] Weights, float[] Bias)
{
    public void Run(ReadOnlySpan<float> x, Span<float> y, VectorWidth? width)
    {
        for (var j = 0; j < Outputs; j++)
        {
            var row = Weights.AsSpan(j * Inputs, Inputs);
            y[j] = Bias[j] + Elementwise.Dot(width, x[..Inputs], row);
        }
    }
}
