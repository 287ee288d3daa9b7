using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Theory]
    // Warm-up over 4 steps: peak·(step+1)/4.
    [InlineData(0, 0.25)]
    [InlineData(3, 1.0)]
    // Cosine over the remaining 8 steps: 0.5·(1 + cos(π·(step-4)/8)).
    [InlineData(4, 1.0)]
    [InlineData(8, 0.5)]
    [InlineData(6, 0.8535534)] // 0.5·(1 + cos(π/4)) = 0.5·(1 + 0.7071068)
    [InlineData(12, 0.0)]
    public void WarmsUpLinearlyThenDecaysAlongACosine(int step, double expected)
    {
        Assert.Equal(expected, new LearningRateSchedule(1.0, WarmupSteps: 4, TotalSteps: 12).At(step), 1e-6);
    }
}
