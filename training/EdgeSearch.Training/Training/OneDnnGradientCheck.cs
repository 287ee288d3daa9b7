using static TorchSharp.torch;

namespace EdgeSearch.Training.Training;

/// <summary>
/// Decides at the start of each training run whether libtorch may use oneDNN: only where its instruction set is
/// capped below AVX-512 (<see cref="CpuBackends.OneDnnCappedBelowAvx512"/>) and, on this machine, a convolution's
/// input gradient computed with it matches the same convolution in float64 (which never runs on oneDNN). The cases
/// are the ones oneDNN got wrong on AVX-512: output channels that are not a multiple of its channel block of 16.
/// </summary>
public static class OneDnnGradientCheck
{
    private static readonly (int InChannels, int OutChannels, int Size)[] Cases = [(8, 8, 4), (4, 8, 8), (8, 16, 4)];
    private const double Tolerance = 1e-4;

    /// <summary>Sets <see cref="CpuBackends.OneDnn"/> and says in one line on <paramref name="log"/> why.</summary>
    public static void Apply(TextWriter log)
    {
        CpuBackends.OneDnn = CpuBackends.OneDnnCappedBelowAvx512;
        if (!CpuBackends.OneDnn)
            return;
        var error = LargestExcess();
        if (error <= 0)
        {
            log.WriteLine("oneDNN on (ONEDNN_MAX_CPU_ISA set; its convolution gradients match float64 on this CPU)");
            return;
        }
        CpuBackends.OneDnn = false;
        log.WriteLine($"oneDNN off: even with ONEDNN_MAX_CPU_ISA set, its convolution gradients differ from float64 by {error:g3} beyond the tolerance on this CPU");
    }

    /// <summary>
    /// How far the float32 input gradients of seeded random convolutions, with the backends as they are set now, lie
    /// outside <c>1e-4 + 1e-4·|reference|</c> of their float64 reference: zero or less when every element is within it.
    /// </summary>
    public static double LargestExcess(int trials = 4)
    {
        using var scope = NewDisposeScope();
        using var random = new TorchSharp.torch.Generator(7);
        var worst = double.NegativeInfinity;
        foreach (var (inChannels, outChannels, size) in Cases)
        {
            for (var trial = 0; trial < trials; trial++)
            {
                var input = randn([8, inChannels, size, size], generator: random);
                var weight = randn([outChannels, inChannels, 3, 3], generator: random);
                var outputGradient = randn([8, outChannels, size, size], generator: random);
                var actual = InputGradient(input, weight, outputGradient).to(float64).data<double>().ToArray();
                var expected = InputGradient(input.to(float64), weight.to(float64), outputGradient.to(float64)).data<double>().ToArray();
                // Compared here rather than in tensor arithmetic, which would leave implicit Scalars to the finalizer.
                for (var i = 0; i < actual.Length; i++)
                {
                    var excess = Math.Abs(actual[i] - expected[i]) - (Tolerance + Tolerance * Math.Abs(expected[i]));
                    worst = double.IsNaN(excess) ? double.PositiveInfinity : Math.Max(worst, excess);
                }
            }
        }
        return worst;
    }

    private static Tensor InputGradient(Tensor input, Tensor weight, Tensor outputGradient)
    {
        var x = input.detach().requires_grad_();
        (nn.functional.conv2d(x, weight, padding: [1, 1]) * outputGradient).sum().backward();
        return x.grad!;
    }
}
