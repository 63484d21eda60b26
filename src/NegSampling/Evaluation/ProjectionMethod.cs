namespace NegSampling.Evaluation;

/// <summary>How a <see cref="WordMap"/> puts word vectors on a plane.</summary>
public enum ProjectionMethod
{
    /// <summary>Principal component analysis: the two directions of largest variance (linear; distances are kept
    /// as far as two dimensions can keep them).</summary>
    Pca,

    /// <summary>t-SNE: neighbours kept together, clusters drawn apart (distances between clusters mean
    /// little).</summary>
    Tsne,
}
