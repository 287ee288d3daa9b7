namespace EdgeSearch.Scenes.Defects;

/// <summary>A kind of defect: it cuts the part or marks it, placed and sized from the defect's own stream.</summary>
internal abstract class Defect(string name)
{
    public string Name { get; } = name;

    public abstract void Apply(PartGeometry part, SceneRandom random);
}
