namespace EdgeSearch.Core.Inference;

/// <summary>One step of a managed plan, for <c>bench --layers</c> and <c>inspect</c>.</summary>
/// <param name="Node">The node it computes (the first of those fused into it).</param>
/// <param name="Path">The kernel path it runs: vector width and layout, int8 path, or the scalar reference.</param>
/// <param name="MultiplyAdds">Multiply-accumulates per image; 0 for steps that only move or reduce values.</param>
public sealed record StepSummary(string Node, string Path, long MultiplyAdds);
