namespace NegSampling.Models;

/// <summary>
/// What one fast-mode worker reuses from step to step: the fused kernel's scratch and its negatives, and the
/// batch tensors of the libtorch route. Not shared between threads.
/// </summary>
internal sealed class SparseStepBuffers(Word2VecModel model, int capacity, int width, int negatives) : IDisposable
{
    internal SparseKernel? Kernel { get; } = SparseKernel.For(model, capacity, width, negatives);

    internal long[] Negatives { get; } = new long[capacity * width * negatives];

    internal BatchTensors Tensors => tensors ??= new BatchTensors(capacity, width);

    private BatchTensors? tensors;

    /// <summary>Frees the batch tensors.</summary>
    public void Dispose() => tensors?.Dispose();
}
