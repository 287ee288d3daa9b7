using System.Diagnostics;

namespace EdgeSearch.Training.Training;

/// <summary>One self-overwriting status line (epoch, step, running loss, images per second, time left), and each epoch's duration.</summary>
public sealed class TrainingProgress(TextWriter output, int epochs, int stepsPerEpoch)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan lastDraw = -Interval;
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
        if (!last && elapsed - lastDraw < Interval) return;
        lastDraw = elapsed;
        var stepsLeft = (long)(epochs - epoch) * stepsPerEpoch + stepsPerEpoch - step;
        var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / stepsDone * stepsLeft);
        output.Write($"\repoch {epoch}/{epochs}  step {step}/{stepsPerEpoch}  loss {runningLoss:F4}  " +
                     $"{images / Math.Max(elapsed.TotalSeconds, 1e-9):F0} img/s  ETA {eta:hh\\:mm\\:ss}   ");
        if (!last) return;
        output.WriteLine($"\nepoch {epoch} took {(elapsed - epochStart).TotalSeconds:F1} s");
        epochStart = elapsed;
    }
}
