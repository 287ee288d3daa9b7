namespace EdgeSearch.Core.Inference.Steps;

/// <summary>One layer of the execution plan, run over a batch of <c>count</c> images.</summary>
internal interface IStep
{
    int ScratchLength { get; }

    /// <summary>The kernel path it runs (vector width, int8 path), for <c>bench --layers</c> and <c>inspect</c>.</summary>
    string Path { get; }
    void Run(Span<float> arena, int count, Span<float> scratch);

    /// <summary>Whether <see cref="RunItemsAlone"/> may run disjoint images of one batch on several threads at once.</summary>
    bool RunsItemsAlone => false;

    /// <summary>Images <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 on the calling thread alone, with scratch of its own.</summary>
    void RunItemsAlone(Span<float> arena, int first, int count, Span<float> scratch) =>
        throw new NotSupportedException($"Step '{Path}' splits no batch between threads.");
}
