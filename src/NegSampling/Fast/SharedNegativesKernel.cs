using System.Numerics;
using System.Runtime.CompilerServices;
using NegSampling.Data;
using NegSampling.Models;

namespace NegSampling.Fast;

/// <summary>
/// Skip-gram's fused step with negatives shared by a window (see <see cref="SkipGramNegatives.SharedByWindow"/>):
/// each context in use scores its centre word and the row's K negatives with h = W_in[context]; the window's K + 1
/// W_out rows are read once and stay in cache while all its contexts use them, which is where the time goes
/// (see <see cref="SparseKernel"/>). Then W_out[c] -= alpha g h for each (context, candidate), and W_in[context]
/// -= alpha dh. The loss is, as the other kernels', the pairs' mean times 2W.
/// </summary>
internal sealed class SharedNegativesKernel<T>(SkipGram model, int capacity, int width, int negatives)
    : SparseKernel where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int hidden = (int)model.HiddenSize;
    private readonly T[] dh = new T[capacity * width * model.HiddenSize];
    private readonly T[] gradients = new T[capacity * width * (negatives + 1)];
    private readonly int[] candidates = new int[capacity * (negatives + 1)]; // row offsets, checked
    private readonly int[] contexts = new int[capacity * width];
    private readonly int[] pairsBefore = new int[capacity + 1];
    private readonly CandidateScores<T> scores = new(negatives + 1);

    /// <inheritdoc/>
    public override int NegativesFor(ContextBatch batch) => batch.Rows * negatives;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Step(ContextBatch batch, ReadOnlySpan<long> drawn, double alpha)
    {
        Span<T> wIn = CpuRowKernels.Span<T>(model.WIn), wOut = CpuRowKernels.Span<T>(model.WOut);
        Offsets(batch, drawn, model.WIn.shape[0]);
        var pairs = pairsBefore[batch.Rows];
        dh.AsSpan(0, pairs * hidden).Clear();
        var loss = 0.0;
        for (var b = 0; b < batch.Rows; b++)
        {
            if (b + 1 < batch.Rows) Prefetch(b + 1, wIn, wOut);
            for (var pair = pairsBefore[b]; pair < pairsBefore[b + 1]; pair++)
                loss += scores.Score(wOut, CandidatesOf(candidates, b, negatives), wIn.Slice(contexts[pair], hidden),
                    CandidatesOf(gradients, pair, negatives), dh.AsSpan(pair * hidden, hidden));
        }
        var rate = -T.CreateChecked(alpha);
        for (var b = 0; b < batch.Rows; b++) // W_in is updated only after W_out
        {
            for (var pair = pairsBefore[b]; pair < pairsBefore[b + 1]; pair++)
                UpdateRows(wOut, CandidatesOf(candidates, b, negatives), CandidatesOf(gradients, pair, negatives),
                    rate, wIn.Slice(contexts[pair], hidden));
        }
        for (var pair = 0; pair < pairs; pair++)
            RowMath.AddScaled(wIn.Slice(contexts[pair], hidden), rate, dh.AsSpan(pair * hidden, hidden));
        return pairs == 0 ? 0 : loss / pairs * width;
    }

    /// <summary>Each row's candidates and its contexts in use as offsets into W (ids checked against V).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Offsets(ContextBatch batch, ReadOnlySpan<long> drawn, long vocabulary)
    {
        ContextsInUse(batch, width, vocabulary, hidden, contexts, pairsBefore);
        for (var b = 0; b < batch.Rows; b++)
            TargetAndNegatives(candidates, batch, b, drawn, negatives, vocabulary, hidden);
    }

    /// <summary>Starts loading the rows that row b will read: its candidates' in W_out, its contexts' in
    /// W_in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Prefetch(int b, ReadOnlySpan<T> wIn, ReadOnlySpan<T> wOut)
    {
        foreach (var row in CandidatesOf(candidates, b, negatives)) RowMath.Prefetch(wOut.Slice(row, hidden));
        for (var pair = pairsBefore[b]; pair < pairsBefore[b + 1]; pair++)
            RowMath.Prefetch(wIn.Slice(contexts[pair], hidden));
    }
}
