using System.Numerics;
using System.Runtime.CompilerServices;
using NegSampling.Data;
using NegSampling.Layers;
using NegSampling.Models;

namespace NegSampling.Fast;

/// <summary>
/// CBOW's fused step (see <see cref="SparseKernel"/>): h = the mean of a row's contexts in use; the target and
/// K negatives scored against h; dh = sum of g * W_out rows; then W_out[c] -= alpha g h for each candidate and
/// W_in[x] -= alpha share dh for each context x, share being 1/count (the gradient) or 1 (word2vec's rule).
/// </summary>
internal sealed class CbowKernel<T>(Cbow model, CbowContextUpdate contextUpdate, int capacity, int width,
    int negatives) : SparseKernel where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int hidden = (int)model.HiddenSize;
    private readonly T[] h = new T[capacity * model.HiddenSize];
    private readonly T[] dh = new T[capacity * model.HiddenSize];
    private readonly T[] gradients = new T[capacity * (negatives + 1)];
    private readonly int[] candidates = new int[capacity * (negatives + 1)]; // row offsets, checked
    private readonly int[] contexts = new int[capacity * width]; // row offsets, -1 for slots not in use
    private readonly T[] shares = new T[capacity];
    private readonly CandidateScores<T> scores = new(negatives + 1);

    public override int NegativesFor(ContextBatch batch) => batch.Rows * negatives;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override double Step(ContextBatch batch, ReadOnlySpan<long> drawn, double alpha)
    {
        Span<T> wIn = CpuRowKernels.Span<T>(model.WIn), wOut = CpuRowKernels.Span<T>(model.WOut);
        Offsets(batch, drawn, model.WIn.shape[0]);
        var loss = 0.0;
        Prefetch(0, wIn, wOut);
        for (var b = 0; b < batch.Rows; b++)
        {
            if (b + 1 < batch.Rows) Prefetch(b + 1, wIn, wOut);
            var dhb = dh.AsSpan(b * hidden, hidden);
            dhb.Clear();
            loss += scores.Score(wOut, CandidatesOf(candidates, b, negatives), Mean(b, wIn),
                CandidatesOf(gradients, b, negatives), dhb);
        }
        var rate = -T.CreateChecked(alpha);
        for (var b = 0; b < batch.Rows; b++)
            UpdateRows(wOut, CandidatesOf(candidates, b, negatives), CandidatesOf(gradients, b, negatives), rate,
                h.AsSpan(b * hidden, hidden));
        for (var b = 0; b < batch.Rows; b++)
            for (var c = 0; c < width; c++)
                if (contexts[b * width + c] >= 0)
                    RowMath.AddScaled(wIn.Slice(contexts[b * width + c], hidden), rate * shares[b],
                        dh.AsSpan(b * hidden, hidden));
        return loss / batch.Rows;
    }

    /// <summary>Each row's context and candidate rows as offsets into W (ids checked against V), and its share of
    /// dh.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Offsets(ContextBatch batch, ReadOnlySpan<long> drawn, long vocabulary)
    {
        int Offset(long id) => IndexGuard.Row(id, vocabulary) * hidden;
        for (var b = 0; b < batch.Rows; b++)
        {
            var used = 0;
            for (var c = 0; c < width; c++)
            {
                var inUse = batch.Mask[b * width + c] != 0;
                contexts[b * width + c] = inUse ? Offset(batch.Contexts[b * width + c]) : -1;
                used += inUse ? 1 : 0;
            }
            // The mean's backward gives each context 1/count of dh; word2vec gives each the whole of it.
            shares[b] = contextUpdate == CbowContextUpdate.Gradient ? T.One / T.CreateChecked(used) : T.One;
            TargetAndNegatives(candidates, batch, b, drawn, negatives, vocabulary, hidden);
        }
    }

    /// <summary>h for row b: its contexts in use, each weighted 1/count (embedding_bag's weighted sum in the libtorch
    /// route).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Span<T> Mean(int b, ReadOnlySpan<T> wIn)
    {
        var used = 0;
        for (var c = 0; c < width; c++) used += contexts[b * width + c] >= 0 ? 1 : 0;
        var weight = T.One / T.CreateChecked(used);
        var hb = h.AsSpan(b * hidden, hidden);
        hb.Clear();
        for (var c = 0; c < width; c++)
            if (contexts[b * width + c] >= 0) RowMath.AddScaled(hb, weight, wIn.Slice(contexts[b * width + c], hidden));
        return hb;
    }

    /// <summary>Starts loading the rows that row b will read: its contexts' in W_in, its candidates' in
    /// W_out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Prefetch(int b, ReadOnlySpan<T> wIn, ReadOnlySpan<T> wOut)
    {
        for (var c = 0; c < width; c++)
            if (contexts[b * width + c] >= 0) RowMath.Prefetch(wIn.Slice(contexts[b * width + c], hidden));
        foreach (var row in CandidatesOf(candidates, b, negatives)) RowMath.Prefetch(wOut.Slice(row, hidden));
    }
}
