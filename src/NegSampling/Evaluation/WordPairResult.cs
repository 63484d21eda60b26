namespace NegSampling.Evaluation;

/// <summary>Correlation of model similarities with human scores over the in-vocabulary pairs, and the OOV ratio in percent.</summary>
public sealed record WordPairResult(double Pearson, double Spearman, int Pairs, int OutOfVocabulary)
{
    public double OovRatio => Pairs + OutOfVocabulary == 0 ? 0 : 100.0 * OutOfVocabulary / (Pairs + OutOfVocabulary);
}
