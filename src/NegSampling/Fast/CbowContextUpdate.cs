namespace NegSampling.Fast;

/// <summary>How the fast path's CBOW step updates the context words' W_in rows.</summary>
public enum CbowContextUpdate
{
    /// <summary>The gradient of the mean: each context word gets dh divided by the number of contexts.</summary>
    Gradient,

    /// <summary>word2vec.c's and gensim's rule (cbow_mean=1): each context word gets the whole dh, not a
    /// gradient.</summary>
    Word2Vec,
}
