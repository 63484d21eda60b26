using NegSampling.Data;
using NegSampling.Models;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>
/// One fast-mode worker's step on a batch held in arrays: with <see cref="StepKind.Batched"/> the batched libtorch
/// step (<see cref="BatchedStep"/>); else the fused CPU kernel (<see cref="SparseKernel"/>) when
/// the update is plain SGD, the sampler draws into memory and the weights are CPU memory it can walk; else the
/// libtorch route (<see cref="SparseModel"/>) on tensors made from the batch. It holds what the worker reuses from
/// step to step (the kernel's scratch and negatives, the route's batch tensors); not shared between threads.
/// </summary>
internal sealed class FastStep : IDisposable
{
    private readonly Word2VecModel model;
    private readonly (int Capacity, int Width) shape;
    private readonly long[] drawn;
    private readonly SparseModel route;
    private readonly BatchedStep? batched;
    private BatchTensors? tensors;

    /// <summary>A step for batches of up to <paramref name="capacity"/> rows of <paramref name="width"/> context
    /// slots, with <paramref name="negatives"/> negatives a scored row.</summary>
    public FastStep(Word2VecModel model, FastOptions options, int capacity, int width, int negatives)
    {
        this.model = model;
        shape = (capacity, width);
        drawn = new long[capacity * width * negatives];
        route = SparseModel.For(model, options);
        if (options.Step == StepKind.Batched) batched = new BatchedStep(model, options);
        else Kernel = SparseKernel.For(model, options, capacity, width, negatives);
    }

    /// <summary>The fused kernel, or null when the weights are not CPU-contiguous float32 or float64.</summary>
    internal SparseKernel? Kernel { get; }

    /// <summary>One step on the batch with the worker's own <paramref name="negatives"/>; returns the loss.</summary>
    public double Run(ContextBatch batch, ISparseUpdate update, INegativeSource negatives)
    {
        if (Kernel is { } kernel && update.PlainSgdRate is { } alpha && negatives is INegativeDraws draws)
        {
            var these = drawn.AsSpan(0, kernel.NegativesFor(batch));
            draws.Draw(these);
            return kernel.Step(batch, these, alpha);
        }
        // Made (once) outside the step's scope, which would dispose them.
        tensors ??= new BatchTensors(shape.Capacity, shape.Width);
        using var scope = NewDisposeScope();
        var (contexts, mask, target) = tensors.Load(batch, model.WIn.device, model.WIn.dtype);
        return batched is not null ? batched.Step(contexts, mask, target, update, negatives)
            : route.Step(contexts, mask, target, update, negatives);
    }

    /// <summary>Frees the batch tensors and the routes' cached tensors.</summary>
    public void Dispose()
    {
        tensors?.Dispose();
        batched?.Dispose();
        route.Dispose();
    }
}
