namespace EdgeSearch.Training.Training;

/// <summary>Linear warm-up from near zero to the peak rate, then cosine decay to zero at the last step.</summary>
public sealed record LearningRateSchedule(double Peak, int WarmupSteps, int TotalSteps)
{
    public double At(int step)
    {
        if (step < WarmupSteps) return Peak * (step + 1) / WarmupSteps;
        var decaySteps = Math.Max(TotalSteps - WarmupSteps, 1);
        var progress = Math.Min((double)(step - WarmupSteps) / decaySteps, 1);
        return Peak * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
