using NegSampling.Sampling;

namespace NegSampling.Data;

/// <summary>
/// A seeded shuffle of 0..n-1 that is computed, not stored: a 4-round Feistel permutation on the smallest
/// power-of-four domain above n, walking cycles until the value falls below n. Memory stays O(1) however
/// large the corpus, and position i of an epoch is known without replaying the epoch (exact resume).
/// </summary>
internal sealed class SampleOrder
{
    private readonly long n;
    private readonly bool shuffle;
    private readonly int halfBits;
    private readonly ulong halfMask;
    private readonly ulong[] keys;

    public SampleOrder(long n, ulong seed, bool shuffle = true)
    {
        if (n < 1) throw new ArgumentException($"need at least one sample; found {n}", nameof(n));
        this.n = n;
        this.shuffle = shuffle;
        var bits = 2;
        while ((1UL << bits) < (ulong)n) bits += 2;
        halfBits = bits / 2;
        halfMask = (1UL << halfBits) - 1;
        keys = new ulong[4];
        var state = seed;
        for (var i = 0; i < keys.Length; i++) keys[i] = SplitMix64.Next(ref state);
    }

    /// <summary>The sample at position i of this order.</summary>
    public long this[long i]
    {
        get
        {
            if (!shuffle) return i;
            var x = (ulong)i;
            do x = Permute(x); while (x >= (ulong)n);
            return (long)x;
        }
    }

    private ulong Permute(ulong x)
    {
        var left = x >> halfBits;
        var right = x & halfMask;
        foreach (var key in keys)
        {
            var mixed = SplitMix64.Mix(right ^ key) & halfMask;
            (left, right) = (right, left ^ mixed);
        }
        return (left << halfBits) | right;
    }
}
