namespace NegSampling.Sampling;

/// <summary>A seeded sampler of negatives whose state a checkpoint can hold.</summary>
internal interface INegativeSampler : INegativeSource, IDisposable
{
    /// <summary>Restarts the random stream from a seed.</summary>
    void Reseed(long seed);

    /// <summary>The random stream's state.</summary>
    byte[] GetState();

    /// <summary>Restores a state from <see cref="GetState"/>.</summary>
    void SetState(byte[] state);

    /// <summary>A sampler of <paramref name="mode"/>: <see cref="AliasSampler"/> for Alias, else <see
    /// cref="UnigramSampler"/>.</summary>
    static INegativeSampler Create(IReadOnlyList<double> counts, double power, int sampleSize, SamplerMode mode,
        TorchSharp.torch.Device? device = null, long seed = 0) =>
        mode == SamplerMode.Alias
            ? new AliasSampler(counts, power, sampleSize, seed)
            : new UnigramSampler(counts, power, sampleSize, mode, device, seed);
}
