using EdgeSearch.Core.Inference.Steps;

namespace EdgeSearch.Core.Inference.Graph;

/// <summary>A step of the plan with what reports say of it: the node it computes and its multiply-accumulates per image.</summary>
internal sealed record PlannedStep(IStep Step, string Node, long MultiplyAdds)
{
    public StepSummary Summary => new(Node, Step.Path, MultiplyAdds);
}
