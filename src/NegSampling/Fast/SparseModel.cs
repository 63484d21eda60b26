using NegSampling.Models;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>
/// The fast path's libtorch route: a model's step with no autograd and no dense V x H tensor. It computes the
/// same loss as the model's forward with the book layers' own math (see <see cref="SparseNegativeSamplingLoss"/>)
/// and hands the gradient rows of the ids used to an <see cref="ISparseUpdate"/>. The fused kernels
/// (<see cref="SparseKernel"/>) are tested equal to it. One per worker: it holds scratch and cached labels.
/// </summary>
internal abstract class SparseModel(Word2VecModel model) : IDisposable
{
    /// <summary>The model whose weights the step updates.</summary>
    protected Word2VecModel Model { get; } = model;

    /// <summary>The loss's step on the model's W_out.</summary>
    protected SparseNegativeSamplingLoss Loss { get; } = new(model.WOut);

    /// <summary>The route for CBOW or skip-gram with the fast path's options.</summary>
    public static SparseModel For(Word2VecModel model, FastOptions options) => model switch
    {
        Cbow cbow => new SparseCbow(cbow, options.ContextUpdate),
        SkipGram skipGram => new SparseSkipGram(skipGram, options.Pairing),
        _ => throw new ArgumentException($"no sparse step for a {model.GetType().Name}", nameof(model)),
    };

    /// <summary>
    /// One step: <see cref="SparseSgd"/> (word2vec's alpha, per sample, so equal to an SGD step of forward's
    /// batch-mean loss at rate alpha * B) or a lazy Adam as <paramref name="update"/>.
    /// <paramref name="mask"/> (B x 2W, 1 or 0) drops context slots outside a shrunk window or the corpus;
    /// null keeps all. Negatives come from <paramref name="negatives"/> (a worker's own sampler) or the model's
    /// <see cref="Word2VecModel.Negatives"/>. Every row needs at least one context in use. Returns the loss.
    /// Several routes (one a worker) may run at once on the same weights.
    /// </summary>
    public double Step(Tensor contexts, Tensor? mask, Tensor target, ISparseUpdate update,
        INegativeSource? negatives = null)
    {
        Word2VecModel.CheckBatch(contexts, target);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return StepCore(contexts, mask ?? ones(contexts.shape, Model.WIn.dtype, Model.WIn.device), target, update,
            negatives ?? Model.Negatives);
    }

    /// <summary>The model's sparse step; the mask is given (1 = in use). Uses no C# number operands (see
    /// SigmoidWithLoss).</summary>
    protected abstract double StepCore(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update,
        INegativeSource negatives);

    /// <summary>Frees the step's cached tensors (not the model's weights).</summary>
    public virtual void Dispose() => Loss.Dispose();
}
