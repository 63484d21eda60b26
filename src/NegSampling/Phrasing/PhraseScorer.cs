namespace NegSampling.Phrasing;

/// <summary>How a bigram is scored, as gensim's <c>Phrases(scoring=...)</c>.</summary>
public enum PhraseScorer
{
    /// <summary>word2phrase's and gensim's default: (count(a b) - minCount) / (count(a) x count(b)) x the number of
    /// unigram and bigram types; a phrase when above the threshold (gensim's default 10).</summary>
    Default,

    /// <summary>Normalised pointwise mutual information, in -1..1 (Bouma 2009); bigrams seen fewer than minCount
    /// times are never phrases.</summary>
    Npmi,
}
