namespace NegSampling.Training;

/// <summary>
/// What a run looks like before it starts. <see cref="StepsPerEpoch"/> is exact in the faithful mode and null
/// in the fast mode, where subsampling decides it; <see cref="StartFraction"/> is how much of the run a
/// resumed run has behind it.
/// </summary>
public sealed record TrainingPlan(int Epochs, long? StepsPerEpoch, long StartStep, double StartFraction,
    int VocabularySize, long Tokens, string Device, string? OutputDir);
