namespace NegSampling.Training;

/// <summary>The optimizers a run can use.</summary>
public enum OptimizerKind
{
    /// <summary>Adam as torch.optim.Adam (the book's choice); lazy Adam in the fast mode.</summary>
    Adam,

    /// <summary>Plain SGD, with word2vec's linear decay when lrDecay is on.</summary>
    Sgd,

    /// <summary>Row-wise Adagrad (one accumulator per row), with the same decay: the batched fast step's choice for
    /// batches of thousands of windows.</summary>
    Adagrad,
}
