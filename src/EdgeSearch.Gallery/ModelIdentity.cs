namespace EdgeSearch.Gallery;

/// <summary>The model whose embeddings a gallery holds: the SHA-256 of its file and its embedding dimension.</summary>
public sealed record ModelIdentity
{
    public ModelIdentity(string sha256, int dimension)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
            throw new ArgumentException($"'{sha256}' is not a SHA-256 digest (64 hexadecimal digits).", nameof(sha256));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Sha256 = sha256.ToLowerInvariant();
        Dimension = dimension;
    }

    public string Sha256 { get; }
    public int Dimension { get; }

    public override string ToString() => $"model sha256 {Sha256} ({Dimension}-d)";
}
