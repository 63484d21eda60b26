namespace NegSampling.Models;

/// <summary>The two word2vec models of the book's chapter 4.</summary>
public enum ModelKind
{
    /// <summary>Continuous bag of words: the mean of the contexts predicts the target.</summary>
    Cbow,

    /// <summary>The target predicts each of its contexts.</summary>
    SkipGram,
}
