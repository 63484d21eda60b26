using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace NegSampling.Sampling;

/// <summary>
/// Negatives from the unigram distribution raised to <c>power</c> by Vose's alias method: a table of V columns,
/// each a probability of keeping the column and an alias to take otherwise, built once; then one 64-bit random
/// number a draw (its high half picks the column, its low half decides), where torch.multinomial searches the
/// cumulative distribution. Draws are with replacement, the law of the book's GPU branch (SamplerMode.Multinomial).
/// Not thread-safe: each Hogwild worker has its own, reseeded per chunk.
/// </summary>
internal sealed class AliasSampler : INegativeSampler, INegativeDraws
{
    private readonly uint[] keep;
    private readonly int[] alias;
    private ulong state;

    /// <summary>A sampler of <paramref name="sampleSize"/> negatives a row from counts^power.</summary>
    public AliasSampler(IReadOnlyList<double> counts, double power = 0.75, int sampleSize = 5, long seed = 0)
    {
        var checkedCounts = UnigramSampler.CheckCounts(counts, power, sampleSize);
        var probabilities = UnigramSampler.Normalise(UnigramSampler.Raise(checkedCounts, power));
        (keep, alias) = Build(probabilities);
        SampleSize = sampleSize;
        Reseed(seed);
    }

    /// <summary>K, the negatives drawn a row.</summary>
    public int SampleSize { get; }

    /// <summary>Vose's table: column i keeps i with probability keep[i] / 2^32, else gives alias[i].</summary>
    private static (uint[] Keep, int[] Alias) Build(double[] probabilities)
    {
        var n = probabilities.Length;
        var scaled = probabilities.Select(p => p * n).ToArray();
        var (keep, alias) = (new uint[n], Enumerable.Range(0, n).ToArray());
        var small = new Stack<int>(Enumerable.Range(0, n).Where(i => scaled[i] < 1));
        var large = new Stack<int>(Enumerable.Range(0, n).Where(i => scaled[i] >= 1));
        while (small.Count > 0 && large.Count > 0)
        {
            var (s, l) = (small.Pop(), large.Pop());
            keep[s] = (uint)(scaled[s] * 4294967296.0);
            alias[s] = l;
            scaled[l] -= 1 - scaled[s];
            (scaled[l] < 1 ? small : large).Push(l);
        }
        // What is left keeps itself always (alias[i] = i); rounding leaves such columns at about 1.
        return (keep, alias);
    }

    /// <summary>Fills <paramref name="negatives"/> with draws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Draw(Span<long> negatives)
    {
        var columns = (ulong)keep.Length;
        for (var i = 0; i < negatives.Length; i++)
        {
            var r = SplitMix64.Next(ref state);
            var column = (int)(((r >> 32) * columns) >> 32);
            negatives[i] = (uint)r < keep[column] ? column : alias[column];
        }
    }

    /// <summary>B x K negatives (Int64) for B targets, on the targets' device.</summary>
    public Tensor Sample(Tensor target)
    {
        if (target.dim() != 1) throw new ArgumentException($"target must be a vector of ids; found {target.dim()} " +
            $"dimensions");
        var draws = new long[target.shape[0] * SampleSize];
        Draw(draws);
        return tensor(draws, device: target.device).view(target.shape[0], SampleSize);
    }

    /// <inheritdoc/>
    public void Reseed(long seed) => state = (ulong)seed;

    /// <inheritdoc/>
    public byte[] GetState() => BitConverter.GetBytes(state);

    /// <inheritdoc/>
    public void SetState(byte[] saved) =>
        state = saved.Length == sizeof(ulong)
            ? BitConverter.ToUInt64(saved)
            : throw new ArgumentException($"an alias sampler's state is {sizeof(ulong)} bytes; found {saved.Length}");

    /// <summary>Nothing to free: the table is managed memory.</summary>
    public void Dispose() { }
}
