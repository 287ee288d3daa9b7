namespace EdgeSearch.Training.Training;

public enum LossKind
{
    /// <summary>Cross-entropy through a scaled cosine classifier, on shuffled batches.</summary>
    Ce,

    /// <summary>Multi-Similarity loss on MS-mined pairs, on m-per-class batches.</summary>
    Ms,
}
