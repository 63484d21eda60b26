using System.Numerics;
using System.Runtime.CompilerServices;
using NegSampling.Data;
using NegSampling.Layers;

namespace NegSampling.Models;

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
            {
                var rows = candidates.AsSpan(pair * (negatives + 1), negatives + 1);
                for (var j = 0; j <= negatives; j++) scores.Buffer[j] = RowMath.Dot(wOut.Slice(rows[j], hidden), h);
                loss += scores.Apply();
                for (var j = 0; j <= negatives; j++)
                {
                    var g = gradients[pair * (negatives + 1) + j] = scores.Buffer[j];
                    RowMath.AddScaled(dhb, g, wOut.Slice(rows[j], hidden));
                }
            }
        }
        var rate = -T.CreateChecked(alpha);
        for (var b = 0; b < batch.Rows; b++)
        {
            var h = wIn.Slice(targets[b], hidden); // W_in is updated only after W_out
            for (var n = pairsBefore[b] * (negatives + 1); n < pairsBefore[b + 1] * (negatives + 1); n++)
                RowMath.AddScaled(wOut.Slice(candidates[n], hidden), rate * gradients[n], h);
        }
        for (var b = 0; b < batch.Rows; b++)
            RowMath.AddScaled(wIn.Slice(targets[b], hidden), rate, dh.AsSpan(b * hidden, hidden));
        var pairs = pairsBefore[batch.Rows];
        return pairs == 0 ? 0 : loss / pairs * width;
    }

    /// <summary>Each row's target row and its pairs' candidate rows as offsets into W (ids checked against
    /// V).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Offsets(ContextBatch batch, ReadOnlySpan<long> drawn, long vocabulary)
    {
        var pair = 0;
        for (var b = 0; b < batch.Rows; b++)
        {
            pairsBefore[b] = pair;
            targets[b] = Row(batch.Target[b], vocabulary) * hidden;
            for (var c = 0; c < width; c++)
            {
                if (batch.Mask[b * width + c] == 0) continue;
                candidates[pair * (negatives + 1)] = Row(batch.Contexts[b * width + c], vocabulary) * hidden;
                for (var j = 1; j <= negatives; j++)
                    candidates[pair * (negatives + 1) + j] = Row(drawn[pair * negatives + j - 1], vocabulary) * hidden;
                pair++;
            }
        }
        pairsBefore[batch.Rows] = pair;
    }

    /// <summary>Starts loading the rows that row b will read: its target's in W_in, its pairs' candidates' in
    /// W_out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Prefetch(int b, ReadOnlySpan<T> wIn, ReadOnlySpan<T> wOut)
    {
        RowMath.Prefetch(wIn.Slice(targets[b], hidden));
        for (var n = pairsBefore[b] * (negatives + 1); n < pairsBefore[b + 1] * (negatives + 1); n++)
            RowMath.Prefetch(wOut.Slice(candidates[n], hidden));
    }
}
