namespace NegSampling.Sampling;

/// <summary>A sampler that draws negatives straight into memory (with replacement), for kernels that need no
/// tensor.</summary>
internal interface INegativeDraws
{
    /// <summary>Fills <paramref name="negatives"/> with draws.</summary>
    void Draw(Span<long> negatives);
}
