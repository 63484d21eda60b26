using NegSampling.Formats;

namespace NegSampling.Training;

/// <summary>
/// Where a run stands, reported (to an <see cref="IProgress{T}"/>) at the start of a call of a run, after every
/// step and after every checkpoint. <see cref="Fraction"/> is the part of the whole run done (steps in the faithful
/// mode, corpus tokens in the fast mode); <see cref="Remaining"/> is estimated from this run's own rate since it
/// started (or resumed), null before there is one. <see cref="Loss"/> is the step's loss, NaN in the reports that
/// follow no step: the first (step 0 and fraction 0 for a new run, the checkpoint's for a resumed one) and each
/// checkpoint's. Reports come synchronously from the thread that trained the step (one at a time): a handler that
/// takes long slows training down, and .NET's <see cref="Progress{T}"/> posts each report to the thread pool or
/// the UI's context, where they run out of order and after training has ended, so give a synchronous
/// <see cref="IProgress{T}"/> (one that keeps the latest, or updates a view at most every so often).
/// </summary>
public sealed record TrainingProgress(int Epoch, long Iteration, long Step, double Loss, double WordsPerSecond,
    TimeSpan Elapsed, double Fraction, TimeSpan? Remaining)
{
    /// <summary>True for the report of a step (false for the start's and a checkpoint's).</summary>
    public bool IsStep => !double.IsNaN(Loss);

    /// <summary>True for the first report of a call of a run, before its first step.</summary>
    public bool IsStart => !IsStep && Checkpoint is null;

    /// <summary>The loss record this step ended (one every logInterval iterations: the average loss since the last
    /// one), else null.</summary>
    public LossRecord? Logged { get; init; }

    /// <summary>The checkpoint file just written (a report of its own, at the step it was written after), else null;
    /// only a run with an output directory writes them.</summary>
    public string? Checkpoint { get; init; }
}
