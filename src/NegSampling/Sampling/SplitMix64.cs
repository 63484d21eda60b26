namespace NegSampling.Sampling;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a 64-bit state stepped by a constant and mixed. Plenty for sampling
/// negatives (<see cref="AliasSampler"/>) and for keying the epoch shuffle (Data.SampleOrder).
/// </summary>
internal static class SplitMix64
{
    /// <summary>Steps the state and returns its mix: the generator's next value.</summary>
    public static ulong Next(ref ulong state) => Mix(state += 0x9E3779B97F4A7C15UL);

    /// <summary>The generator's output function: a bijection of 64-bit values that scatters their bits.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
