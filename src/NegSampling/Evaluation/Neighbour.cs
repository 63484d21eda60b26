namespace NegSampling.Evaluation;

/// <summary>A scored neighbour.</summary>
public sealed record Neighbour(string Word, double Similarity);
