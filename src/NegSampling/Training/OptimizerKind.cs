namespace NegSampling.Training;

/// <summary>The optimizers a run can use.</summary>
public enum OptimizerKind
{
    /// <summary>Adam as torch.optim.Adam (the book's choice); lazy Adam in the fast mode.</summary>
    Adam,

    /// <summary>Plain SGD, with word2vec's linear decay when lrDecay is on.</summary>
    Sgd,
}
