namespace EdgeSearch.Testing;

/// <summary>Files of this repository that tests use as they ship: the models and their samples.</summary>
public static class Repository
{
    /// <summary>The checkout the test was built in: the folder above its output that holds the solution.</summary>
    public static string Root
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "EdgeSearch.sln")))
                folder = folder.Parent;
            return folder?.FullName ?? throw new InvalidOperationException($"{AppContext.BaseDirectory} is not inside a checkout of the repository");
        }
    }

    public static string Model(string file) => Path.Combine(Root, "models", file);
}
