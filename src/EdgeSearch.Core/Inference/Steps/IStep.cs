namespace EdgeSearch.Core.Inference.Steps;

/// <summary>One layer of the execution plan, run over a batch of <c>count</c> images.</summary>
internal interface IStep
{
    int ScratchLength { get; }

    /// <summary>The kernel path it runs (vector width, int8 path), for <c>bench --layers</c> and <c>inspect</c>.</summary>
    string Path { get; }
    void Run(Span<float> arena, int count, Span<float> scratch);
}
