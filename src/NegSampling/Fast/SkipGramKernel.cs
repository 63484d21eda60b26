using System.Numerics;
using System.Runtime.CompilerServices;
using NegSampling.Data;
using NegSampling.Layers;
using NegSampling.Models;

namespace NegSampling.Fast;

/// <summary>
/// Skip-gram's fused step (see <see cref="SparseKernel"/>): each (target, context in use) pair scores the context
/// and K negatives against h = W_in[target]; then W_out[c] -= alpha g h for each candidate, and W_in[target] -=
/// alpha dh with dh summed over the row's pairs. The loss is, as forward's, the pairs' mean times 2W.
/// </summary>
internal sealed class SkipGramKernel<T>(SkipGram model, int capacity, int width, int negatives) : SparseKernel
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int hidden = (int)model.HiddenSize;
    private readonly T[] dh = new T[capacity * model.HiddenSize];
    private readonly T[] gradients = new T[capacity * width * (negatives + 1)];
    private readonly int[] candidates = new int[capacity * width * (negatives + 1)]; // row offsets, checked
    private readonly int[] contexts = new int[capacity * width];
    private readonly int[] targets = new int[capacity];
    private readonly int[] pairsBefore = new int[capacity + 1];
    private readonly CandidateScores<T> scores = new(negatives + 1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int NegativesFor(ContextBatch batch)
    {
        var pairs = 0;
        for (var i = 0; i < batch.Rows * width; i++) pairs += batch.Mask[i] != 0 ? 1 : 0;
        return pairs * negatives;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Step(ContextBatch batch, ReadOnlySpan<long> drawn, double alpha)
    {
        Span<T> wIn = CpuRowKernels.Span<T>(model.WIn), wOut = CpuRowKernels.Span<T>(model.WOut);
        Offsets(batch, drawn, model.WIn.shape[0]);
        var loss = 0.0;
        for (var b = 0; b < batch.Rows; b++)
        {
            if (b + 1 < batch.Rows) Prefetch(b + 1, wIn, wOut);
            var h = wIn.Slice(targets[b], hidden);
            var dhb = dh.AsSpan(b * hidden, hidden);
            dhb.Clear();
            for (var pair = pairsBefore[b]; pair < pairsBefore[b + 1]; pair++)
                loss += scores.Score(wOut, PairsOf(pair, pair + 1, candidates), h, PairsOf(pair, pair + 1, gradients),
                    dhb);
        }
        var rate = -T.CreateChecked(alpha);
        for (var b = 0; b < batch.Rows; b++) // W_in is updated only after W_out
            UpdateRows(wOut, PairsOf(pairsBefore[b], pairsBefore[b + 1], candidates),
                PairsOf(pairsBefore[b], pairsBefore[b + 1], gradients), rate, wIn.Slice(targets[b], hidden));
        for (var b = 0; b < batch.Rows; b++)
            RowMath.AddScaled(wIn.Slice(targets[b], hidden), rate, dh.AsSpan(b * hidden, hidden));
        var pairs = pairsBefore[batch.Rows];
        return pairs == 0 ? 0 : loss / pairs * width;
    }

    /// <summary>The K + 1 entries of each pair from <paramref name="first"/> to <paramref name="end"/> (exclusive) of
    /// a per-candidate array.</summary>
    private Span<TItem> PairsOf<TItem>(int first, int end, TItem[] perCandidate) =>
        perCandidate.AsSpan(first * (negatives + 1), (end - first) * (negatives + 1));

    /// <summary>Each row's target row and its pairs' candidate rows (the context, then its K negatives) as offsets
    /// into W (ids checked against V).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Offsets(ContextBatch batch, ReadOnlySpan<long> drawn, long vocabulary)
    {
        for (var b = 0; b < batch.Rows; b++) targets[b] = IndexGuard.Row(batch.Target[b], vocabulary) * hidden;
        ContextsInUse(batch, width, vocabulary, hidden, contexts, pairsBefore);
        for (var pair = 0; pair < pairsBefore[batch.Rows]; pair++)
        {
            var row = CandidatesOf(candidates, pair, negatives);
            row[0] = contexts[pair];
            DrawnNegatives(row, drawn, pair, vocabulary, hidden);
        }
    }

    /// <summary>Starts loading the rows that row b will read: its target's in W_in, its pairs' candidates' in
    /// W_out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Prefetch(int b, ReadOnlySpan<T> wIn, ReadOnlySpan<T> wOut)
    {
        RowMath.Prefetch(wIn.Slice(targets[b], hidden));
        foreach (var row in PairsOf(pairsBefore[b], pairsBefore[b + 1], candidates))
            RowMath.Prefetch(wOut.Slice(row, hidden));
    }
}
