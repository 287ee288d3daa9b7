using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Tests.Training;

public sealed class TrainingProgressTests
{
    [Fact]
    public void OffATerminalEveryEpochGetsAWholeLineAndNoCarriageReturns()
    {
        var log = new StringWriter();
        var progress = new TrainingProgress(log, epochs: 3, stepsPerEpoch: 50);

        for (var epoch = 1; epoch <= 3; epoch++)
            for (var step = 1; step <= 50; step++)
                progress.Step(epoch, step, 0.5, 8);

        var text = log.ToString();
        Assert.DoesNotContain('\r', text);
        var epochLines = text.Split('\n').Where(line => line.Contains("took")).ToArray();
        Assert.Equal(["epoch 1/3  step 50/50", "epoch 2/3  step 50/50", "epoch 3/3  step 50/50"], epochLines.Select(line => line[..21]));
    }
}
