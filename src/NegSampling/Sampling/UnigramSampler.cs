using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Sampling;

/// <summary>
/// The book's UnigramSampler: word counts raised to <c>power</c> (0.75) and normalised; negatives are drawn
/// from that distribution with torch.multinomial on the training device, from a seeded generator.
/// </summary>
internal sealed class UnigramSampler : INegativeSampler
{
    /// <summary>Candidates drawn per row and round in ExcludeTarget mode: enough that a second round is rare.</summary>
    private const int ExtraCandidates = 8;

    private readonly Generator generator;
    private readonly long nonZeroWords;

    /// <summary>A sampler of <paramref name="sampleSize"/> negatives a row from counts^power, in a mode, on a device,
    /// seeded.</summary>
    public UnigramSampler(IReadOnlyList<double> counts, double power = 0.75, int sampleSize = 5,
        SamplerMode mode = SamplerMode.ExcludeTarget, Device? device = null, long seed = 0)
    {
        CheckCounts(counts, power, sampleSize);
        if (mode == SamplerMode.Alias) throw new ArgumentException("the alias mode is AliasSampler's", nameof(mode));
        nonZeroWords = counts.Count(c => c > 0);
        if (mode == SamplerMode.ExcludeTarget && sampleSize >= nonZeroWords)
            throw new ArgumentException(
                $"sampleSize {sampleSize} needs more than {sampleSize} words with non-zero probability in " +
                $"ExcludeTarget mode; found {nonZeroWords}", nameof(sampleSize));

        Device = device ?? CPU;
        Power = power;
        SampleSize = sampleSize;
        Mode = mode;
        Distribution = tensor(Normalise(Raise(counts, power)), ScalarType.Float64).to(Device);
        generator = new Generator((ulong)seed, Device);
    }

    /// <summary>The counts, once checked: non-empty, finite and non-negative, not all zero; a positive power and
    /// K.</summary>
    internal static IReadOnlyList<double> CheckCounts(IReadOnlyList<double> counts, double power, int sampleSize)
    {
        if (counts.Count == 0) throw new ArgumentException("the counts are empty: an empty corpus has no words to " +
            "sample", nameof(counts));
        if (!(power > 0)
            || double.IsInfinity(power)) throw new ArgumentException($"power must be a positive finite number; found " +
                $"{power}", nameof(power));
        if (sampleSize < 1) throw new ArgumentException($"sampleSize must be at least 1; found {sampleSize}",
            nameof(sampleSize));
        for (var i = 0; i < counts.Count; i++)
            if (!(counts[i] >= 0) || double.IsInfinity(counts[i]))
                throw new ArgumentException($"count of word id {i} must be a finite non-negative number; found " +
                    $"{counts[i]}", nameof(counts));
        if (counts.All(c => c == 0)) throw new ArgumentException("all counts are zero: there is no word to sample",
            nameof(counts));
        return counts;
    }

    /// <summary>Each weight raised to <paramref name="power"/> (the book's np.power(p, 0.75)).</summary>
    public static double[] Raise(IReadOnlyList<double> weights, double power) =>
        weights.Select(w => Math.Pow(w, power)).ToArray();

    /// <summary>Weights divided by their sum.</summary>
    public static double[] Normalise(IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        return weights.Select(w => w / total).ToArray();
    }

    /// <summary>The power on the counts (the book's 0.75).</summary>
    public double Power { get; }
    /// <summary>K, the negatives a row.</summary>
    public int SampleSize { get; }
    /// <summary>The book's CPU branch (target excluded) or GPU branch (with replacement).</summary>
    public SamplerMode Mode { get; }
    /// <summary>Where the distribution and the draws live.</summary>
    public Device Device { get; }

    /// <summary>p = counts^power / sum(counts^power), float64, on <see cref="Device"/>.</summary>
    public Tensor Distribution { get; }

    /// <summary>B x K negatives (Int64) for the B targets, on <see cref="Device"/>.</summary>
    public Tensor Sample(Tensor target)
    {
        if (target.dim() != 1) throw new ArgumentException($"target must be a vector of ids; found {target.dim()} " +
            $"dimensions", nameof(target));
        using var scope = NewDisposeScope();
        var result = Mode == SamplerMode.Multinomial
            ? multinomial(Distribution, target.shape[0] * SampleSize, replacement: true,
                generator: generator).view(target.shape[0], SampleSize)
            : SampleExcludingTarget(target.to(Device).to_type(ScalarType.Int64));
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Sampling without replacement with the target's probability zeroed, exact and batched: rows draw
    /// candidates with replacement and keep, in draw order, each one that is neither the target nor already
    /// kept. That is sequential sampling from the renormalised distribution, the law of np.random.choice
    /// (replace=False) and of torch.multinomial without replacement, without building a B x V matrix.
    /// A row short of K after a round keeps what it has and draws again.
    /// </summary>
    private Tensor SampleExcludingTarget(Tensor target)
    {
        var rows = target.shape[0];
        var m = 2 * SampleSize + ExtraCandidates;
        // Scalars held for the whole call: an implicit one may be finalised while a native call reads it.
        using var k = SampleSize.ToScalar();
        using var one = 1.ToScalar();
        using var minusOne = (-1L).ToScalar();
        var kept = full([rows, SampleSize], minusOne, ScalarType.Int64, Device);
        var keptCount = zeros(rows, ScalarType.Int64, Device);
        var pending = arange(rows, ScalarType.Int64, Device);
        var earlier = ones(m, m, ScalarType.Bool, Device).tril(-1);
        while (pending.numel() > 0)
        {
            var n = pending.shape[0];
            var candidates = multinomial(Distribution, n * m, replacement: true, generator: generator).view(n, m);
            var keptRows = kept.index_select(0, pending);
            var valid = candidates.ne(target.index_select(0, pending).unsqueeze(1));
            valid &= candidates.unsqueeze(2).eq(keptRows.unsqueeze(1)).any(2).logical_not();
            valid &= (candidates.unsqueeze(2).eq(candidates.unsqueeze(1)) & earlier).any(2).logical_not();
            // add with the held alpha: the + operator passes an implicit Scalar 1 as alpha, which the GC can finalise
            // mid-call; libtorch then read another (float) Scalar and refused an integer add (seen under load).
            var rank = valid.to_type(ScalarType.Int64).cumsum(1)
                .add(keptCount.index_select(0, pending).unsqueeze(1), one);
            var take = valid & rank.le(k);
            var rowIds = pending.unsqueeze(1).expand(n, m).masked_select(take);
            var slots = rank.masked_select(take) - one;
            kept.index_put_(candidates.masked_select(take), rowIds, slots);
            keptCount.index_put_(rank.select(1, m - 1).clamp_max(k), pending);
            pending = pending.masked_select(keptCount.index_select(0, pending).lt(k));
        }
        return kept;
    }

    /// <summary>Restarts the generator from a seed (the fast path reseeds per chunk, so draws do not depend on thread
    /// timing).</summary>
    public void Reseed(long seed) => generator.manual_seed(seed);

    /// <summary>The generator's state, for checkpoints.</summary>
    public byte[] GetState()
    {
        using var state = generator.get_state();
        return state.data<byte>().ToArray();
    }

    /// <inheritdoc/>
    public void SetState(byte[] state)
    {
        using var t = tensor(state, ScalarType.Byte);
        generator.set_state(t);
    }

    /// <summary>Frees the distribution and the generator.</summary>
    public void Dispose()
    {
        Distribution.Dispose();
        generator.Dispose();
    }
}
