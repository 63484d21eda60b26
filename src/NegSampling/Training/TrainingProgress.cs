namespace NegSampling.Training;

/// <summary>
/// Where a run stands after a step. <see cref="Fraction"/> is the part of the whole run done (steps in the
/// faithful mode, corpus tokens in the fast mode); <see cref="Remaining"/> is estimated from this run's own
/// rate since it started (or resumed), null before there is one.
/// </summary>
public sealed record TrainingProgress(int Epoch, long Iteration, long Step, double Loss, double WordsPerSecond,
    TimeSpan Elapsed, double Fraction, TimeSpan? Remaining);
