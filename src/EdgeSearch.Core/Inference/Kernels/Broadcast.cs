namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// How two inputs of one image broadcast (numpy rules) to the output: the output is cut into runs of
/// <see cref="Run"/> elements over which each input is either contiguous or one repeated value, and the runs'
/// start offsets are listed once, at plan time.
/// </summary>
internal sealed class Broadcast
{
    public int Run { get; }
    public int Length { get; }
    public bool LeftRepeats { get; }
    public bool RightRepeats { get; }
    private readonly int[] _leftOffsets;
    private readonly int[] _rightOffsets;
    private readonly int[] _outDims;
    private readonly int[] _leftStrides;
    private readonly int[] _rightStrides;

    /// <param name="outDims">The output dims.</param>
    /// <param name="left">Left dims, already aligned to the output's rank (1 where absent).</param>
    /// <param name="right">Right dims, aligned the same way.</param>
    public Broadcast(int[] outDims, int[] left, int[] right)
    {
        _outDims = outDims;
        _leftStrides = Strides(left);
        _rightStrides = Strides(right);
        Length = Product(outDims);
        // Merge trailing dims while both inputs keep the same pattern (contiguous or repeated) across them.
        var rank = outDims.Length;
        var split = rank;
        bool? leftFull = null, rightFull = null;
        while (split > 0)
        {
            var d = split - 1;
            if (outDims[d] != 1)
            {
                var l = left[d] != 1;
                var r = right[d] != 1;
                if (leftFull is null) (leftFull, rightFull) = (l, r);
                else if (leftFull != l || rightFull != r) break;
            }
            split--;
        }
        Run = Product(outDims[split..]);
        LeftRepeats = leftFull == false;
        RightRepeats = rightFull == false;
        var runs = Length / Math.Max(Run, 1);
        _leftOffsets = new int[runs];
        _rightOffsets = new int[runs];
        for (var i = 0; i < runs; i++)
        {
            (_leftOffsets[i], _rightOffsets[i]) = Offsets(i * Run);
        }
    }

    public void RunSimd<TOp>(VectorWidth width, ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> output) where TOp : IBinaryOperator
    {
        for (var i = 0; i < _leftOffsets.Length; i++)
        {
            var target = output.Slice(i * Run, Run);
            if (LeftRepeats && RightRepeats) target.Fill(TOp.Invoke(left[_leftOffsets[i]], right[_rightOffsets[i]]));
            else if (RightRepeats) Elementwise.Transform<TOp>(width, left.Slice(_leftOffsets[i], Run), right[_rightOffsets[i]], target);
            // Add and Mul commute, so a repeated left operand swaps sides.
            else if (LeftRepeats) Elementwise.Transform<TOp>(width, right.Slice(_rightOffsets[i], Run), left[_leftOffsets[i]], target);
            else Elementwise.Transform<TOp>(width, left.Slice(_leftOffsets[i], Run), right.Slice(_rightOffsets[i], Run), target);
        }
    }

    /// <summary>The reference: each output element finds its two inputs through the strides.</summary>
    public void RunReference<TOp>(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> output) where TOp : IBinaryOperator
    {
        for (var i = 0; i < Length; i++)
        {
            var (l, r) = Offsets(i);
            output[i] = TOp.Invoke(left[l], right[r]);
        }
    }

    private (int Left, int Right) Offsets(int flat)
    {
        int l = 0, r = 0;
        for (var d = _outDims.Length - 1; d >= 0; d--)
        {
            var index = flat % _outDims[d];
            flat /= _outDims[d];
            l += index * _leftStrides[d];
            r += index * _rightStrides[d];
        }
        return (l, r);
    }

    /// <summary>Row-major strides, 0 along broadcast (size-1) dims.</summary>
    private static int[] Strides(int[] dims)
    {
        var strides = new int[dims.Length];
        var stride = 1;
        for (var d = dims.Length - 1; d >= 0; d--)
        {
            strides[d] = dims[d] == 1 ? 0 : stride;
            stride *= dims[d];
        }
        return strides;
    }

    private static int Product(ReadOnlySpan<int> dims)
    {
        var p = 1;
        foreach (var d in dims) p *= d;
        return p;
    }
}
