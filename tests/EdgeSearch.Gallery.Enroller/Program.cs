// Usage: EdgeSearch.Gallery.Enroller <gallery> <model sha256> <dimension>
// Enrolls forever, alternating single adds and batches of five, and prints "<id> committed" for each entry only
// after its transaction has committed. The crash test kills it at a random moment.
using EdgeSearch.Gallery;

var model = new ModelIdentity(args[1], int.Parse(args[2]));
using var gallery = Gallery.Open(args[0], model);
var random = new Random();

for (var round = 0; ; round++)
{
    var batch = Enumerable.Range(0, round % 2 == 0 ? 1 : 5).Select(_ => NewEnrollment()).ToList();
    var ids = batch.Count == 1 ? [gallery.Add(batch[0])] : gallery.AddRange(batch);
    foreach (var id in ids)
        Console.WriteLine($"{id} committed");
}

Enrollment NewEnrollment()
{
    var embedding = new float[model.Dimension];
    for (var i = 0; i < embedding.Length; i++)
        embedding[i] = random.NextSingle() - 0.5f;
    var norm = MathF.Sqrt(embedding.Sum(x => x * x));
    for (var i = 0; i < embedding.Length; i++)
        embedding[i] /= norm;
    var pixels = new byte[32 * 32];
    random.NextBytes(pixels);
    return new Enrollment($"label{random.Next(4)}", embedding, "crash-test", new ReferenceImage(1, 32, 32, pixels));
}
