namespace NegSampling.Training;

/// <summary>
/// One way through a run's epochs, from the trainer's position to the last epoch or to a cancel: each epoch
/// ends at its checkpoint; a cancel ends at the next point where a checkpoint can be written, after writing it.
/// </summary>
internal abstract class EpochStrategy(Trainer trainer) : IDisposable
{
    protected Trainer Trainer { get; } = trainer;

    /// <summary>Steps per epoch, when known before the run.</summary>
    public abstract long? StepsPerEpoch { get; }

    /// <summary>The part of the whole run done, 0 to 1.</summary>
    public abstract double Fraction { get; }

    public void Run(CancellationToken cancel)
    {
        while (!Trainer.Finished && !cancel.IsCancellationRequested) RunEpoch(cancel);
    }

    /// <summary>Continues the epoch in progress to its end (then <see cref="Trainer.EndEpoch"/>) or to a
    /// cancel.</summary>
    protected abstract void RunEpoch(CancellationToken cancel);

    public virtual void Dispose() { }
}
