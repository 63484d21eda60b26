namespace NegSampling.Training;

/// <summary>What a run looks like before it starts.</summary>
public sealed record TrainingPlan(int Epochs, long IterationsPerEpoch, long StartStep, int VocabularySize, long Tokens, string Device, string OutputDir);

/// <summary>Where a run stands after a step.</summary>
public sealed record TrainingProgress(int Epoch, long Iteration, long Step, long TotalSteps, double Loss, double WordsPerSecond, TimeSpan Elapsed);

/// <summary>How a run reports to its caller (the CLI's progress bar, a test) without the library knowing the console.</summary>
public interface ITrainingObserver
{
    void OnStart(TrainingPlan plan) { }
    void OnStep(TrainingProgress progress) { }
    void OnLog(LossRecord record, long iterationsPerEpoch, TimeSpan elapsed) { }
    void OnCheckpoint(string path, IReadOnlyList<LossRecord> history) { }
}
