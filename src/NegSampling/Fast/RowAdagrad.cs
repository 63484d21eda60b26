using NegSampling.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>
/// Row-wise Adagrad as the fast path applies it: a row's gradient rows in a batch, per sample as word2vec's SGD (no
/// 1/B), are summed first (np.add.at), and the row takes one <see cref="Adagrad"/> step a batch, scaled by its own
/// accumulator. The batched step's choice for batches of thousands of windows (README, "Fast mode").
/// </summary>
internal readonly record struct RowAdagrad(Adagrad Adagrad, double Rate) : ISparseUpdate
{
    /// <inheritdoc/>
    public void Apply(Tensor weight, Tensor ids, Tensor rowGradients, long batchRows)
    {
        using var scope = NewDisposeScope();
        using var one = 1.ToScalar();
        var (rows, summed) = SparseEmbedding.SumRepeats(ids, rowGradients, one);
        Adagrad.Step(weight, rows, summed, Rate);
    }
}
