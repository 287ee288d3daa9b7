using System.Security.Cryptography;
using System.Text;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Gallery;

namespace EdgeSearch.Daemon.Matching;

/// <summary>
/// What decides frames while one loaded matcher is in use, so every decision can say what made it: the model
/// (whose identity a gallery entry made from the frame's embedding must carry), the gallery's content (<see cref="GalleryVersion"/>), the threshold, the region of interest, and
/// the shape of the model's input (<see cref="FrameMatch.Input"/>). <see cref="DefectThreshold"/> is the defect labels'
/// own bar when the gallery's calibration set one (<see cref="EdgeSearch.Core.Matching.DefectThreshold"/>).
/// </summary>
public sealed record MatcherSetup(ModelIdentity? Model, string GalleryVersion, int Entries, float Threshold, FrameRegion? Roi, ImageShape? InputShape, float? DefectThreshold = null)
{
    /// <summary>Hex digits of a SHA-256 that identify a model or a gallery's content in logs and metrics.</summary>
    public const int IdentityDigits = 12;

    /// <summary>Before anything is loaded, and for matchers that have no model (test fakes).</summary>
    public static MatcherSetup None { get; } = new(null, "", 0, 0, null, null);

    /// <summary>The model's SHA-256, shortened to <see cref="IdentityDigits"/>; empty without a model.</summary>
    public string ModelSha256 { get; } = Model?.Sha256[..IdentityDigits] ?? "";

    /// <summary>
    /// A digest of the gallery's entries (id and label; an entry's embedding never changes under its id): it changes
    /// with every enrolment or removal and is the same for the same content, across restarts and devices.
    /// </summary>
    public static string GalleryVersionOf(IReadOnlyDictionary<long, string> labels)
    {
        var text = new StringBuilder();
        foreach (var (id, label) in labels.OrderBy(p => p.Key))
            text.Append(id).Append('\t').Append(label).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..IdentityDigits];
    }
}
