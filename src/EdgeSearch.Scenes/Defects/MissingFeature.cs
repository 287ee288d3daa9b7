namespace EdgeSearch.Scenes.Defects;

/// <summary>A feature the machine failed to make: a gear tooth, a drilled hole. Which one is random.</summary>
internal sealed class MissingFeature(string feature) : Defect($"missing-{feature}")
{
    public override void Apply(PartGeometry part, SceneRandom random) => part.RemoveFeature(random.Next(part.Model.FeatureCount));
}
