namespace NegSampling.Fast;

/// <summary>Which way the fast path's skip-gram step pairs words, and how many negatives it draws.</summary>
public enum SkipGramNegatives
{
    /// <summary>The book's: the centre word's W_in row predicts each context, with K negatives of its own per
    /// context.</summary>
    PerPair,

    /// <summary>
    /// HogBatch's (Ji et al. 2016, "Parallelizing Word2Vec in Shared and Distributed Memory"): each context's W_in
    /// row predicts the centre word, as in word2vec.c and gensim, against K negatives drawn once per window and
    /// shared by its contexts, so that a window's K + 1 W_out rows are read once for all of them.
    /// </summary>
    SharedByWindow,
}
