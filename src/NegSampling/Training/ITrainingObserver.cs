using NegSampling.Formats;

namespace NegSampling.Training;

/// <summary>How a run reports to its caller (the CLI's progress bar, a test) without the library knowing the
/// console.</summary>
public interface ITrainingObserver
{
    /// <summary>Before the first step: where the run starts (step 0 and fraction 0 for a new run, the
    /// checkpoint's for a resumed one; no loss yet). The rest of the plan is on <see cref="TrainingRun"/>.</summary>
    void OnStart(TrainingProgress start) { }

    /// <summary>After every step (from the worker that took it; calls are serialised).</summary>
    void OnStep(TrainingProgress progress) { }

    /// <summary>Every logInterval iterations: the average loss since the last record.</summary>
    void OnLog(LossRecord record, TimeSpan elapsed) { }

    /// <summary>After a checkpoint is written (only when the run has an output directory).</summary>
    void OnCheckpoint(string path, IReadOnlyList<LossRecord> history) { }
}
