namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// A count a kernel unrolls by, fixed when the JIT compiles it: given as a type argument, its branches fold away and
/// the registers a smaller count leaves unused are dropped (a channel-lanes block's pixels, an int8 tile's weight
/// blocks), so one method serves every count.
/// </summary>
internal interface IUnroll
{
    static abstract int Count { get; }
}

internal readonly struct Unroll1 : IUnroll
{
    public static int Count => 1;
}

internal readonly struct Unroll2 : IUnroll
{
    public static int Count => 2;
}

internal readonly struct Unroll4 : IUnroll
{
    public static int Count => 4;
}

internal readonly struct Unroll7 : IUnroll
{
    public static int Count => 7;
}

internal readonly struct Unroll8 : IUnroll
{
    public static int Count => 8;
}
