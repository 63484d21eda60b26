namespace NegSampling.Training;

/// <summary>
/// One way through a run's epochs. It is given what it uses (the model, the optimizer, the batches) when made, and
/// the run's <see cref="RunState"/>, a <see cref="StepSink"/> and a pause signal when asked to go on; it returns at
/// the end of the epoch or at the first point after a pause where a checkpoint can be written, and never writes one
/// itself.
/// </summary>
internal abstract class EpochStrategy : IDisposable
{
    /// <summary>Steps per epoch, when known before the run.</summary>
    public abstract long? StepsPerEpoch { get; }

    /// <summary>The part of the whole run done, 0 to 1.</summary>
    public abstract double Fraction(RunState state);

    /// <summary>
    /// Continues the epoch at <paramref name="state"/>'s position: true when it reached the epoch's end, false when
    /// <paramref name="pause"/> stopped it where a checkpoint can be written (the position then says where).
    /// </summary>
    public abstract bool RunEpoch(RunState state, StepSink steps, Func<bool> pause);

    public virtual void Dispose() { }
}
