using System.Diagnostics;

namespace EdgeSearch.Training.Training;

/// <summary>
/// Training progress: epoch, step, running loss, images per second, time left, and each epoch's duration. On a
/// terminal one status line redraws itself; elsewhere (CI logs, <c>| tee</c>) a plain line every
/// <see cref="LogInterval"/> and one per epoch, so a log holds no carriage returns.
/// </summary>
public sealed class TrainingProgress(TextWriter output, int epochs, int stepsPerEpoch)
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly bool redraw = IsTerminal(output);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan lastShown;
    private TimeSpan epochStart;
    private long images;
    private int stepsDone;

    /// <summary>Reports one finished step (epoch and step count from 1); <paramref name="runningLoss"/> is a smoothed loss.</summary>
    public void Step(int epoch, int step, double runningLoss, int batchImages)
    {
        images += batchImages;
        stepsDone++;
        var elapsed = clock.Elapsed;
        var last = step == stepsPerEpoch;
        if (!last && elapsed - lastShown < (redraw ? RedrawInterval : LogInterval)) return;
        lastShown = elapsed;
        var stepsLeft = (long)(epochs - epoch) * stepsPerEpoch + stepsPerEpoch - step;
        var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / stepsDone * stepsLeft);
        var status = $"epoch {epoch}/{epochs}  step {step}/{stepsPerEpoch}  loss {runningLoss:F4}  " +
                     $"{images / Math.Max(elapsed.TotalSeconds, 1e-9):F0} img/s  ETA {eta:hh\\:mm\\:ss}";
        if (redraw) output.Write($"\r{status}   ");
        else if (!last) output.WriteLine(status);
        if (!last) return;
        var took = $"epoch {epoch} took {(elapsed - epochStart).TotalSeconds:F1} s";
        output.WriteLine(redraw ? $"\n{took}" : $"{status}  ({took})");
        epochStart = elapsed;
    }

    /// <summary>Whether <paramref name="writer"/> is the console's own stream, not redirected to a file or pipe.</summary>
    private static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected) ||
        (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected);
}
