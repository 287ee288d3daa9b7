using EdgeSearch.Core.Model.Onnx;

namespace EdgeSearch.Core.Inference.Graph;

/// <summary>A node being planned: its attributes, and errors that name it.</summary>
internal sealed class NodeContext(NodeProto node)
{
    public NodeProto Node => node;
    public string Label => $"node '{node.Name}' ({(node.Domain is "" or "ai.onnx" ? "" : node.Domain + "::")}{node.OpType})";

    public InvalidModelException Error(string problem) => new($"{Label}: {problem}");

    private AttributeProto? Find(string name)
    {
        foreach (var a in node.Attribute)
            if (a.Name == name) return a;
        return null;
    }

    public long Int(string name, long fallback)
    {
        var a = Find(name);
        if (a is null) return fallback;
        return a.Type is AttributeProto.Types.AttributeType.Int or AttributeProto.Types.AttributeType.Undefined
            ? a.I : throw Error($"attribute '{name}' must be an integer.");
    }

    public long RequireInt(string name) => Find(name) is null ? throw Error($"attribute '{name}' is missing.") : Int(name, 0);

    public float Float(string name, float fallback)
    {
        var a = Find(name);
        if (a is null) return fallback;
        return a.Type is AttributeProto.Types.AttributeType.Float or AttributeProto.Types.AttributeType.Undefined
            ? a.F : throw Error($"attribute '{name}' must be a float.");
    }

    public string String(string name, string fallback)
    {
        var a = Find(name);
        return a is null ? fallback : a.S.ToStringUtf8();
    }

    /// <summary>An integer list attribute, checked for its length; null when absent.</summary>
    public int[]? Ints(string name, int length)
    {
        var a = Find(name);
        if (a is null) return null;
        if (a.Ints.Count != length) throw Error($"attribute '{name}' must have {length} values, not {a.Ints.Count}.");
        var values = new int[length];
        for (var i = 0; i < length; i++)
        {
            if (a.Ints[i] is < int.MinValue or > int.MaxValue) throw Error($"attribute '{name}' value {a.Ints[i]} is out of range.");
            values[i] = (int)a.Ints[i];
        }
        return values;
    }

    public AttributeProto? Attribute(string name) => Find(name);

    public void RequireInputs(int min, int max)
    {
        var count = node.Input.Count;
        while (count > 0 && node.Input[count - 1].Length == 0) count--; // trailing optional inputs may be ""
        if (count < min || count > max)
            throw Error(min == max ? $"expects {min} inputs, has {count}." : $"expects {min} to {max} inputs, has {count}.");
        if (node.Output.Count < 1 || node.Output[0].Length == 0) throw Error("has no output.");
    }

    public bool HasInput(int index) => index < node.Input.Count && node.Input[index].Length > 0;
}
