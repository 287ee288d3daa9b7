namespace EdgeSearch.Daemon.Tests.Fakes;

/// <summary>Waits for something another thread or process brings about; a generous deadline turns a hang into a failure, not a timing assertion.</summary>
internal static class Eventually
{
    public static async Task Until(Func<bool> condition, string what, double seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"gave up waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>Whole lines in a file another process may be writing; 0 while it does not exist.</summary>
    public static int LineCount(string path)
    {
        if (!File.Exists(path))
            return 0;
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        return reader.ReadToEnd().Count(c => c == '\n');
    }
}
