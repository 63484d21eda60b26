using NegSampling.Formats;

namespace NegSampling.Training;

/// <summary>How a run reports to its caller (the CLI's progress bar, a test) without the library knowing the
/// console.</summary>
public interface ITrainingObserver
{
    /// <summary>Before the first step.</summary>
    void OnStart(TrainingPlan plan) { }

    /// <summary>After every step (from the worker that took it; calls are serialised).</summary>
    void OnStep(TrainingProgress progress) { }

    /// <summary>Every logInterval iterations: the average loss since the last record.</summary>
    void OnLog(LossRecord record, TimeSpan elapsed) { }

    /// <summary>After a checkpoint is written (only when the run has an output directory).</summary>
    void OnCheckpoint(string path, IReadOnlyList<LossRecord> history) { }
}
