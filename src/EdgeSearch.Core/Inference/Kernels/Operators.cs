using System.Runtime.CompilerServices;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>An elementwise function of one value, written once for every vector width.</summary>
internal interface IUnaryOperator
{
    static abstract float Invoke(float x);
    static abstract TVec Invoke<TVec, TSimd>(TVec x) where TVec : struct where TSimd : ISimd<TVec>;
}

/// <summary>An elementwise function of two values, written once for every vector width.</summary>
internal interface IBinaryOperator
{
    static abstract float Invoke(float x, float y);
    static abstract TVec Invoke<TVec, TSimd>(TVec x, TVec y) where TVec : struct where TSimd : ISimd<TVec>;
}

internal readonly struct IdentityOperator : IUnaryOperator
{
    public static float Invoke(float x) => x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<TVec, TSimd>(TVec x) where TVec : struct where TSimd : ISimd<TVec> => x;
}

internal readonly struct ReluOperator : IUnaryOperator
{
    public static float Invoke(float x) => MathF.Max(x, 0f);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<TVec, TSimd>(TVec x) where TVec : struct where TSimd : ISimd<TVec> => TSimd.Max(x, TSimd.Broadcast(0f));
}

/// <summary>GELU, exact (erf) form: x·(1 + erf(x/√2))/2.</summary>
internal readonly struct GeluOperator : IUnaryOperator
{
    public static float Invoke(float x) => (float)Erf.GeluReference(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<TVec, TSimd>(TVec x) where TVec : struct where TSimd : ISimd<TVec>
    {
        var erf = Erf.Approximate<TVec, TSimd>(TSimd.Multiply(x, TSimd.Broadcast(Erf.InverseSqrt2)));
        var half = TSimd.Multiply(x, TSimd.Broadcast(0.5f));
        return TSimd.MultiplyAdd(half, erf, half);
    }
}

internal readonly struct AddOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x + y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<TVec, TSimd>(TVec x, TVec y) where TVec : struct where TSimd : ISimd<TVec> => TSimd.Add(x, y);
}

internal readonly struct MultiplyOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => x * y;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<TVec, TSimd>(TVec x, TVec y) where TVec : struct where TSimd : ISimd<TVec> => TSimd.Multiply(x, y);
}

internal readonly struct MaxOperator : IBinaryOperator
{
    public static float Invoke(float x, float y) => MathF.Max(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Invoke<TVec, TSimd>(TVec x, TVec y) where TVec : struct where TSimd : ISimd<TVec> => TSimd.Max(x, y);
}
