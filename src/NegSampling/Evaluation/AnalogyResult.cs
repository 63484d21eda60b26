namespace NegSampling.Evaluation;

/// <summary>Scores on Mikolov's questions: per section, the total over in-vocabulary questions, and how many were
/// skipped.</summary>
public sealed record AnalogyResult(IReadOnlyList<AnalogySection> Sections, AnalogySection Total, int Skipped);
