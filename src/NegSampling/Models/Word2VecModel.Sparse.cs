using NegSampling.Data;
using NegSampling.Layers;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Models;

/// <summary>The fast path's step: the same loss by the layers' own math, applied as sparse row updates.</summary>
internal abstract partial class Word2VecModel
{
    /// <summary>
    /// The fast path's step: no autograd and no dense V x H tensor. It computes the same loss as forward
    /// with the layers' own math (see NegativeSamplingLoss.SparseStep) and hands the gradient rows of the
    /// ids used to <paramref name="update"/>: <see cref="SparseSgd"/> (word2vec's alpha, per sample, so
    /// equal to an SGD step of forward's batch-mean loss at rate alpha * B) or a lazy Adam.
    /// <paramref name="mask"/> (B x 2W, 1 or 0) drops context slots outside a shrunk window or the corpus;
    /// null keeps all. Negatives come from <paramref name="negatives"/> (a worker's own sampler) or
    /// <see cref="Negatives"/>. Every row needs at least one context in use. Returns the loss. Safe to run
    /// from several threads on the same weights.
    /// </summary>
    public double SparseStep(Tensor contexts, Tensor? mask, Tensor target, ISparseUpdate update,
        INegativeSource? negatives = null)
    {
        CheckBatch(contexts, target);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return SparseStepCore(contexts, mask ?? ones(contexts.shape, WIn.dtype, WIn.device), target, update,
            negatives ?? Negatives);
    }

    /// <summary>
    /// The fast path's step on a batch held in arrays (the Hogwild workers'): the fused CPU kernel
    /// (<see cref="SparseKernel"/>) when the update is plain SGD, the sampler draws into memory and the weights
    /// are CPU memory it can walk; else the libtorch route on tensors made from the batch. Returns the loss.
    /// </summary>
    internal double SparseStep(ContextBatch batch, ISparseUpdate update, INegativeSource negatives,
        SparseStepBuffers buffers)
    {
        if (buffers.Kernel is { } kernel && update.PlainSgdRate is { } alpha && negatives is INegativeDraws draws)
        {
            var drawn = buffers.Negatives.AsSpan(0, kernel.NegativesFor(batch));
            draws.Draw(drawn);
            return kernel.Step(batch, drawn, alpha);
        }
        var tensors = buffers.Tensors; // made (once) outside the step's scope, which would dispose them
        using var scope = NewDisposeScope();
        var (contexts, mask, target) = tensors.Load(batch, WIn.device, WIn.dtype);
        return SparseStep(contexts, mask, target, update, negatives);
    }

    /// <summary>The model's sparse step; the mask is given (1 = in use). Uses no C# number operands (see
    /// SigmoidWithLoss).</summary>
    protected abstract double SparseStepCore(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update,
        INegativeSource negatives);
}
