namespace EdgeSearch.Core.Inference.Steps;

/// <summary>One layer of the execution plan, run over a batch of <c>count</c> images.</summary>
internal interface IStep
{
    int ScratchLength { get; }
    void Run(Span<float> arena, int count, Span<float> scratch);
}
