namespace NegSampling.Evaluation;

/// <summary>
/// Correlation of model similarities with human scores over the in-vocabulary pairs, and the OOV ratio in
/// percent. With fewer than two pairs in the vocabulary there is no correlation: Pearson and Spearman are null.
/// </summary>
public sealed record WordPairResult(double? Pearson, double? Spearman, int Pairs, int OutOfVocabulary)
{
    /// <summary>The share of pairs skipped for an out-of-vocabulary word, in percent (gensim's oov_ratio).</summary>
    public double OovRatio => Pairs + OutOfVocabulary == 0 ? 0 : 100.0 * OutOfVocabulary / (Pairs + OutOfVocabulary);

    /// <summary>The scored pairs, in the file's order: what the correlations are computed from.</summary>
    public IReadOnlyList<WordPairScore> Scores { get; init; } = [];
}
