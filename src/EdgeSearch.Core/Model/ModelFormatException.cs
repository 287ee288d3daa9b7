namespace EdgeSearch.Core.Model;

/// <summary>A model file or its metadata breaks the EdgeSearch model contract; the message names what and where.</summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException(string message) : base(message) { }

    public ModelFormatException(string message, Exception inner) : base(message, inner) { }
}
