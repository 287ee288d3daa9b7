using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Model;

/// <summary>
/// <see cref="BatchNorm2d"/>'s forward pass, the same arithmetic and state, without the <see cref="Scalar"/> that
/// TorchSharp's own forward leaves to the finalizer on every training step (<c>num_batches_tracked.add_(1)</c>).
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns a C# number passed where it takes a <see cref="Scalar"/> into a native <c>c10::Scalar</c>,
/// hands its handle to libtorch and keeps no reference to the wrapper. A garbage collection during the native call (a
/// background GC's suspensions do not wait for a thread in native code) may then find the wrapper dead and run its
/// finalizer, which frees the <c>c10::Scalar</c> while libtorch still reads it: libtorch
/// sees a garbage type tag and aborts with "Unknown scalar type" (upstream: dotnet/TorchSharp pull requests 1434 and
/// 1496). Besides numbers passed directly, <c>add</c> and <c>add_</c> (so <c>a + b</c> too) make one for their
/// default <c>alpha</c> of 1; <c>sub</c>, <c>mul</c>, <c>div</c> and <c>masked_fill</c> make none. So every per-step Scalar in training is made explicitly and disposed by <c>using</c> after the call that
/// reads it has returned; the <c>using</c> keeps the wrapper reachable until then and takes it off the finalizer queue.
/// </remarks>
internal static class TrainingBatchNorm
{
    public static Tensor Forward(BatchNorm2d bn, Tensor x)
    {
        if (bn.training && bn.num_batches_tracked is { } counter)
        {
            // With alpha given: add_ without one makes its own Scalar 1 for it.
            using var one = 1L.ToScalar();
            counter.add_(one, alpha: one);
        }
        // As TorchSharp's forward: batch statistics in training (updating the running ones), running ones otherwise.
        return nn.functional.batch_norm(x, bn.running_mean, bn.running_var, bn.weight, bn.bias, bn.training, bn.momentum ?? 0.1, bn.eps);
    }
}
