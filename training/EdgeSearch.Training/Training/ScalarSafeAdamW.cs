using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Training;

/// <summary>
/// TorchSharp's <see cref="AdamW"/>, same state, same checkpoint format and the same update, with a
/// <see cref="step"/> that disposes the <see cref="Scalar"/>s it makes instead of leaving seven per parameter per step to
/// the finalizer (see <see cref="Model.TrainingBatchNorm"/> for why that crashes libtorch now and then).
/// </summary>
public sealed class ScalarSafeAdamW(IEnumerable<AdamW.ParamGroup> groups, double learningRate) : AdamW(groups, learningRate)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        if (options.amsgrad == true || options.maximize == true)
            throw new NotSupportedException("AMSGrad and maximize are not part of the trainer's AdamW.");
        var (beta1, beta2, eps) = (options.beta1!.Value, options.beta2!.Value, options.eps!.Value);
        var (lr, weightDecay) = (options.LearningRate!.Value, options.weight_decay!.Value);
        using var decay = (1 - lr * weightDecay).ToScalar();
        using var keep1 = beta1.ToScalar();
        using var keep2 = beta2.ToScalar();
        using var take1 = (1 - beta1).ToScalar();
        using var take2 = (1 - beta2).ToScalar();
        using var epsilon = eps.ToScalar();
        using var one = 1.ToScalar();
        foreach (var parameter in group.Parameters)
        {
            using var grad = parameter.grad;
            if (grad is null) continue;
            var state = (State)_state[parameter.Handle];
            state.step += 1;
            using var correction2 = Math.Sqrt(1 - Math.Pow(beta2, state.step)).ToScalar();
            using var stepSize = (-lr / (1 - Math.Pow(beta1, state.step))).ToScalar();

            parameter.mul_(decay);
            state.exp_avg.mul_(keep1).add_(grad, alpha: take1);
            state.exp_avg_sq.mul_(keep2).addcmul_(grad, grad, value: take2);
            using var denominator = state.exp_avg_sq.sqrt();
            denominator.div_(correction2).add_(epsilon, alpha: one);
            parameter.addcdiv_(state.exp_avg, denominator, value: stepSize);
        }
    }, closure);
}
