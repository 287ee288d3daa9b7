namespace EdgeSearch.Cli.Running;

/// <summary>
/// Turns the IMAGE arguments a user typed into image files. A folder stands for the PNG and JPEG files directly in
/// it; a path with * or ? in its file name is expanded here when the shell did not (it was quoted, or the shell does
/// not glob). Files come in ordinal name order, so the same folder enrolls in the same order on every machine.
/// </summary>
public static class ImageInputs
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    // As a shell's glob does, skip dot-files and dot-folders (.NET reports those as hidden on Unix).
    private static readonly EnumerationOptions Visible = new() { MatchType = MatchType.Simple, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };

    /// <summary>The files the arguments stand for, in argument order.</summary>
    public static IReadOnlyList<string> Files(IEnumerable<string> arguments) => arguments.SelectMany(Expand).ToArray();

    /// <summary>The images of <paramref name="folder"/>, each labelled with the name of the visible subfolder it lies in.</summary>
    public static IEnumerable<(string Label, string File)> LabelledBySubfolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new ArgumentException($"{folder}: --labels-from-folders takes folders whose subfolders name the labels; this is not a folder.");
        var loose = ImagesIn(folder).Count;
        if (loose > 0)
            throw new ArgumentException($"{folder}: {loose} images lie directly in it, outside any label's subfolder; move them into one, or enroll them with --label.");
        var subfolders = Directory.EnumerateDirectories(folder, "*", Visible).Order(StringComparer.Ordinal).ToArray();
        if (subfolders.Length == 0)
            throw new ArgumentException($"{folder}: no subfolders to take labels from; put each label's images in a subfolder named after it.");
        return subfolders.SelectMany(sub => RequireImages(sub).Select(file => (Path.GetFileName(sub), file))).ToArray();
    }

    private static IEnumerable<string> Expand(string argument)
    {
        // An option the command does not know lands among the images; name it as the mistake it is.
        if (argument.StartsWith('-') && !File.Exists(argument) && !Directory.Exists(argument))
            throw new ArgumentException($"{argument}: not an option of this command (see --help), and no such file.");
        if (Directory.Exists(argument))
            return RequireImages(argument);
        return File.Exists(argument) || !IsPattern(argument) ? [argument] : Glob(argument);
    }

    private static IReadOnlyList<string> RequireImages(string folder)
    {
        var images = ImagesIn(folder);
        return images.Count > 0 ? images : throw new ArgumentException($"{folder}: the folder holds no PNG or JPEG files.");
    }

    private static IReadOnlyList<string> ImagesIn(string folder) => Directory.EnumerateFiles(folder, "*", Visible)
        .Where(file => Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static IReadOnlyList<string> Glob(string pattern)
    {
        var folder = Path.GetDirectoryName(pattern) ?? "";
        if (IsPattern(folder))
            throw new ArgumentException($"{pattern}: * and ? are expanded in the file name only, not in folder names.");
        var searched = folder.Length == 0 ? "." : folder;
        if (!Directory.Exists(searched))
            throw new ArgumentException($"{pattern}: there is no folder '{folder}'.");
        var files = Directory.EnumerateFiles(searched, Path.GetFileName(pattern), Visible)
            .Select(file => Path.Combine(folder, Path.GetFileName(file)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return files.Length > 0 ? files : throw new ArgumentException($"{pattern}: no file matches.");
    }

    private static bool IsPattern(string name) => name.AsSpan().IndexOfAny('*', '?') >= 0;
}
