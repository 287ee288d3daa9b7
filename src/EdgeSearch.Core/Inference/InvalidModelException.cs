namespace EdgeSearch.Core.Inference;

/// <summary>A model the managed engine cannot run: malformed, inconsistent, or using an operator it lacks.</summary>
public sealed class InvalidModelException(string message, Exception? inner = null) : Exception(message, inner);
