using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>Weight panels: <see cref="Rows"/> output channels interleaved per inner element, the left operand of <see cref="PanelProduct{TVec, TSimd}"/>.</summary>
internal static class PanelProduct
{
    public const int Rows = 4;

    public static int Panels(int outChannels) => (outChannels + Rows - 1) / Rows;

    /// <summary>Packs <c>weights[m, i]</c> (m &lt; <paramref name="outChannels"/>, i &lt; k) into <paramref name="panels"/>; missing rows stay zero.</summary>
    public static void Pack(ReadOnlySpan<float> weights, int outChannels, int k, Span<float> panels)
    {
        for (var m = 0; m < outChannels; m++)
        for (var i = 0; i < k; i++)
            panels[(m / Rows * k + i) * Rows + m % Rows] = weights[m * k + i];
    }
}

/// <summary>
/// The product both SIMD convolution kernels are built on: tile[r, n] = bias[r] + Σ_i panel[i, r]·rows[offsets[i] + n]
/// for one panel of four output channels. The inner loop broadcasts four consecutive floats and streams three vectors
/// of columns into twelve accumulators.
/// </summary>
internal static class PanelProduct<TVec, TSimd> where TVec : struct where TSimd : ISimd<TVec>
{
    private const int Rows = PanelProduct.Rows;

    /// <param name="panel">The panel's k·4 weights.</param>
    /// <param name="offsets">Where each of the k rows starts in <paramref name="rows"/>; n columns are read from each.</param>
    /// <param name="tile">Four rows of n outputs.</param>
    /// <param name="bias">The panel's four biases.</param>
    public static void Multiply(ref float panel, int k, ReadOnlySpan<float> rows, ref int offsets, Span<float> tile, int n, ref float bias)
    {
        ref var a = ref panel;
        ref var b = ref MemoryMarshal.GetReference(rows);
        ref var c = ref MemoryMarshal.GetReference(tile);
        var lanes = TSimd.Count;
        if (n < lanes)
        {
            MultiplyScalar(ref a, ref b, ref offsets, ref c, ref bias, k, n);
            return;
        }
        // The n columns as v vectors in blocks of three and two (eight accumulators or more keep both FMA pipes
        // busy; four would wait on latency): v = 3q + 1 takes two blocks of two instead of a third one, so no
        // block computes a whole vector of columns past n. Each block after the first may start before the end of
        // the one before, so the last ends at column n, rewriting columns with equal values.
        var vectors = (n + lanes - 1) / lanes;
        if (vectors <= 3 && n % lanes != 0)
        {
            // Too short for a block of v vectors that ends at n.
            if (vectors == 3) Block2(ref a, ref b, ref offsets, ref c, ref bias, k, n, 0);
            else Block1(ref a, ref b, ref offsets, ref c, ref bias, k, n, 0);
            Block1(ref a, ref b, ref offsets, ref c, ref bias, k, n, n - lanes);
            return;
        }
        var (threes, twos) = (vectors % 3) switch
        {
            0 => (vectors / 3, 0),
            2 => (vectors / 3, 1),
            _ => vectors == 1 ? (0, 0) : (vectors / 3 - 1, 2),
        };
        var col = 0;
        for (var block = 0; block < threes; block++, col += 3 * lanes)
        {
            var at = Math.Min(col, n - 3 * lanes);
            if (TSimd.Width == VectorWidth.Bits128 && Platform.MultiplyAddByLane) Block3ByLane(ref a, ref b, ref offsets, ref c, ref bias, k, n, at);
            else Block3(ref a, ref b, ref offsets, ref c, ref bias, k, n, at);
        }
        for (var block = 0; block < twos; block++, col += 2 * lanes) Block2(ref a, ref b, ref offsets, ref c, ref bias, k, n, Math.Min(col, n - 2 * lanes));
        if (vectors == 1) Block1(ref a, ref b, ref offsets, ref c, ref bias, k, n, 0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block3(ref float a, ref float b, ref int offsets, ref float c, ref float bias, int k, int n, int col)
    {
        var lanes = (nuint)TSimd.Count;
        TVec c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        c00 = c01 = c02 = TSimd.Broadcast(bias);
        c10 = c11 = c12 = TSimd.Broadcast(Unsafe.Add(ref bias, 1));
        c20 = c21 = c22 = TSimd.Broadcast(Unsafe.Add(ref bias, 2));
        c30 = c31 = c32 = TSimd.Broadcast(Unsafe.Add(ref bias, 3));
        ref var bColumn = ref Unsafe.Add(ref b, col);
        ref var aRow = ref a;
        for (var i = 0; i < k; i++)
        {
            ref var bRow = ref Unsafe.Add(ref bColumn, Unsafe.Add(ref offsets, i));
            var b0 = TSimd.Load(ref bRow, 0);
            var b1 = TSimd.Load(ref bRow, lanes);
            var b2 = TSimd.Load(ref bRow, 2 * lanes);
            var a0 = TSimd.Broadcast(aRow);
            c00 = TSimd.MultiplyAdd(a0, b0, c00); c01 = TSimd.MultiplyAdd(a0, b1, c01); c02 = TSimd.MultiplyAdd(a0, b2, c02);
            var a1 = TSimd.Broadcast(Unsafe.Add(ref aRow, 1));
            c10 = TSimd.MultiplyAdd(a1, b0, c10); c11 = TSimd.MultiplyAdd(a1, b1, c11); c12 = TSimd.MultiplyAdd(a1, b2, c12);
            var a2 = TSimd.Broadcast(Unsafe.Add(ref aRow, 2));
            c20 = TSimd.MultiplyAdd(a2, b0, c20); c21 = TSimd.MultiplyAdd(a2, b1, c21); c22 = TSimd.MultiplyAdd(a2, b2, c22);
            var a3 = TSimd.Broadcast(Unsafe.Add(ref aRow, 3));
            c30 = TSimd.MultiplyAdd(a3, b0, c30); c31 = TSimd.MultiplyAdd(a3, b1, c31); c32 = TSimd.MultiplyAdd(a3, b2, c32);
            aRow = ref Unsafe.Add(ref aRow, PanelProduct.Rows);
        }
        var o = (nuint)col;
        var stride = (nuint)n;
        TSimd.Store(c00, ref c, o); TSimd.Store(c01, ref c, o + lanes); TSimd.Store(c02, ref c, o + 2 * lanes);
        o += stride;
        TSimd.Store(c10, ref c, o); TSimd.Store(c11, ref c, o + lanes); TSimd.Store(c12, ref c, o + 2 * lanes);
        o += stride;
        TSimd.Store(c20, ref c, o); TSimd.Store(c21, ref c, o + lanes); TSimd.Store(c22, ref c, o + 2 * lanes);
        o += stride;
        TSimd.Store(c30, ref c, o); TSimd.Store(c31, ref c, o + lanes); TSimd.Store(c32, ref c, o + 2 * lanes);
    }

    /// <summary>
    /// <see cref="Block3"/> for NEON: the panel's four weights for one patch element are one 128-bit load, and each
    /// FMA takes its multiplier from a lane of it (FMLA by element) instead of a separate broadcast per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block3ByLane(ref float a, ref float b, ref int offsets, ref float c, ref float bias, int k, int n, int col)
    {
        var biases = Vector128.LoadUnsafe(ref bias);
        Vector128<float> c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        c00 = c01 = c02 = Vector128.Create(biases.GetElement(0));
        c10 = c11 = c12 = Vector128.Create(biases.GetElement(1));
        c20 = c21 = c22 = Vector128.Create(biases.GetElement(2));
        c30 = c31 = c32 = Vector128.Create(biases.GetElement(3));
        ref var bColumn = ref Unsafe.Add(ref b, col);
        ref var aRow = ref a;
        for (var i = 0; i < k; i++)
        {
            ref var bRow = ref Unsafe.Add(ref bColumn, Unsafe.Add(ref offsets, i));
            var b0 = Vector128.LoadUnsafe(ref bRow);
            var b1 = Vector128.LoadUnsafe(ref bRow, 4);
            var b2 = Vector128.LoadUnsafe(ref bRow, 8);
            var w = Vector128.LoadUnsafe(ref aRow);
            c00 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c00, b0, w, 0);
            c01 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c01, b1, w, 0);
            c02 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c02, b2, w, 0);
            c10 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c10, b0, w, 1);
            c11 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c11, b1, w, 1);
            c12 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c12, b2, w, 1);
            c20 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c20, b0, w, 2);
            c21 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c21, b1, w, 2);
            c22 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c22, b2, w, 2);
            c30 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c30, b0, w, 3);
            c31 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c31, b1, w, 3);
            c32 = AdvSimd.Arm64.FusedMultiplyAddBySelectedScalar(c32, b2, w, 3);
            aRow = ref Unsafe.Add(ref aRow, PanelProduct.Rows);
        }
        ref var o = ref Unsafe.Add(ref c, col);
        var stride = (nuint)n;
        c00.StoreUnsafe(ref o); c01.StoreUnsafe(ref o, 4); c02.StoreUnsafe(ref o, 8);
        c10.StoreUnsafe(ref o, stride); c11.StoreUnsafe(ref o, stride + 4); c12.StoreUnsafe(ref o, stride + 8);
        c20.StoreUnsafe(ref o, 2 * stride); c21.StoreUnsafe(ref o, 2 * stride + 4); c22.StoreUnsafe(ref o, 2 * stride + 8);
        c30.StoreUnsafe(ref o, 3 * stride); c31.StoreUnsafe(ref o, 3 * stride + 4); c32.StoreUnsafe(ref o, 3 * stride + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block2(ref float a, ref float b, ref int offsets, ref float c, ref float bias, int k, int n, int col)
    {
        var lanes = (nuint)TSimd.Count;
        TVec c00, c01, c10, c11, c20, c21, c30, c31;
        c00 = c01 = TSimd.Broadcast(bias);
        c10 = c11 = TSimd.Broadcast(Unsafe.Add(ref bias, 1));
        c20 = c21 = TSimd.Broadcast(Unsafe.Add(ref bias, 2));
        c30 = c31 = TSimd.Broadcast(Unsafe.Add(ref bias, 3));
        ref var bColumn = ref Unsafe.Add(ref b, col);
        ref var aRow = ref a;
        for (var i = 0; i < k; i++)
        {
            ref var bRow = ref Unsafe.Add(ref bColumn, Unsafe.Add(ref offsets, i));
            var b0 = TSimd.Load(ref bRow, 0);
            var b1 = TSimd.Load(ref bRow, lanes);
            var a0 = TSimd.Broadcast(aRow);
            c00 = TSimd.MultiplyAdd(a0, b0, c00); c01 = TSimd.MultiplyAdd(a0, b1, c01);
            var a1 = TSimd.Broadcast(Unsafe.Add(ref aRow, 1));
            c10 = TSimd.MultiplyAdd(a1, b0, c10); c11 = TSimd.MultiplyAdd(a1, b1, c11);
            var a2 = TSimd.Broadcast(Unsafe.Add(ref aRow, 2));
            c20 = TSimd.MultiplyAdd(a2, b0, c20); c21 = TSimd.MultiplyAdd(a2, b1, c21);
            var a3 = TSimd.Broadcast(Unsafe.Add(ref aRow, 3));
            c30 = TSimd.MultiplyAdd(a3, b0, c30); c31 = TSimd.MultiplyAdd(a3, b1, c31);
            aRow = ref Unsafe.Add(ref aRow, PanelProduct.Rows);
        }
        var o = (nuint)col;
        var stride = (nuint)n;
        TSimd.Store(c00, ref c, o); TSimd.Store(c01, ref c, o + lanes);
        o += stride;
        TSimd.Store(c10, ref c, o); TSimd.Store(c11, ref c, o + lanes);
        o += stride;
        TSimd.Store(c20, ref c, o); TSimd.Store(c21, ref c, o + lanes);
        o += stride;
        TSimd.Store(c30, ref c, o); TSimd.Store(c31, ref c, o + lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1(ref float a, ref float b, ref int offsets, ref float c, ref float bias, int k, int n, int col)
    {
        var c0 = TSimd.Broadcast(bias);
        var c1 = TSimd.Broadcast(Unsafe.Add(ref bias, 1));
        var c2 = TSimd.Broadcast(Unsafe.Add(ref bias, 2));
        var c3 = TSimd.Broadcast(Unsafe.Add(ref bias, 3));
        ref var bColumn = ref Unsafe.Add(ref b, col);
        ref var aRow = ref a;
        for (var i = 0; i < k; i++)
        {
            var b0 = TSimd.Load(ref Unsafe.Add(ref bColumn, Unsafe.Add(ref offsets, i)), 0);
            c0 = TSimd.MultiplyAdd(TSimd.Broadcast(aRow), b0, c0);
            c1 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref aRow, 1)), b0, c1);
            c2 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref aRow, 2)), b0, c2);
            c3 = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref aRow, 3)), b0, c3);
            aRow = ref Unsafe.Add(ref aRow, PanelProduct.Rows);
        }
        var o = (nuint)col;
        var stride = (nuint)n;
        TSimd.Store(c0, ref c, o);
        TSimd.Store(c1, ref c, o + stride);
        TSimd.Store(c2, ref c, o + 2 * stride);
        TSimd.Store(c3, ref c, o + 3 * stride);
    }

    /// <summary>Planes narrower than one vector (a 1×1 or 1×3 feature map).</summary>
    private static void MultiplyScalar(ref float a, ref float b, ref int offsets, ref float c, ref float bias, int k, int n)
    {
        for (var r = 0; r < Rows; r++)
        for (var j = 0; j < n; j++)
        {
            var sum = Unsafe.Add(ref bias, r);
            for (var i = 0; i < k; i++) sum += Unsafe.Add(ref a, i * Rows + r) * Unsafe.Add(ref b, Unsafe.Add(ref offsets, i) + j);
            Unsafe.Add(ref c, r * n + j) = sum;
        }
    }
}
