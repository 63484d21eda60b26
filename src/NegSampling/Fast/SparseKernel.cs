using System.Numerics;
using System.Runtime.CompilerServices;
using NegSampling.Data;
using NegSampling.Layers;
using NegSampling.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>
/// The fast mode's CPU step fused into plain loops over a batch held in arrays: the same math as the libtorch
/// route (<see cref="SparseModel.Step"/>: EmbeddingDot's scores and backward, SigmoidWithLoss's sigmoid(s) - t,
/// Embedding's rule as row updates) and the same batch semantics: every score and dh of the batch is computed
/// from the weights as they were, then W_out's rows are updated, then W_in's. It works on the weights' memory, one
/// row at a time with SIMD (<see cref="RowMath"/>); no tensor and no native call per step. One per worker: it holds
/// the batch's scratch.
/// </summary>
internal abstract class SparseKernel
{
    /// <summary>The kernel for this model and options, or null when its weights are not CPU-contiguous float32 or
    /// float64.</summary>
    public static SparseKernel? For(Word2VecModel model, FastOptions options, int capacity, int width, int negatives)
    {
        var (w, v) = (model.WIn, model.WOut);
        bool Walkable(Tensor t) => t.device_type == DeviceType.CPU && t.is_contiguous()
            && t.numel() <= int.MaxValue / 8;
        if (!Walkable(w) || !Walkable(v) || w.dtype != v.dtype) return null;
        var shared = options.Pairing == SkipGramNegatives.SharedByWindow;
        return (w.dtype, model) switch
        {
            (ScalarType.Float32, Cbow cbow) =>
                new CbowKernel<float>(cbow, options.ContextUpdate, capacity, width, negatives),
            (ScalarType.Float64, Cbow cbow) =>
                new CbowKernel<double>(cbow, options.ContextUpdate, capacity, width, negatives),
            (ScalarType.Float32, SkipGram skipGram) when shared =>
                new SharedNegativesKernel<float>(skipGram, capacity, width, negatives),
            (ScalarType.Float64, SkipGram skipGram) when shared =>
                new SharedNegativesKernel<double>(skipGram, capacity, width, negatives),
            (ScalarType.Float32, SkipGram skipGram) => new SkipGramKernel<float>(skipGram, capacity, width, negatives),
            (ScalarType.Float64, SkipGram skipGram) => new SkipGramKernel<double>(skipGram, capacity, width, negatives),
            _ => null,
        };
    }

    /// <summary>How many negatives the batch needs: K per scored row (CBOW, and skip-gram sharing them by window: per
    /// target; skip-gram's book pairing: per context in use).</summary>
    public abstract int NegativesFor(ContextBatch batch);

    /// <summary>One SGD step at rate <paramref name="alpha"/> (per sample) on the batch with these negatives; returns
    /// the loss.</summary>
    public abstract double Step(ContextBatch batch, ReadOnlySpan<long> negatives, double alpha);

    /// <summary>The K + 1 entries (the positive's, then the negatives') of scored row or pair
    /// <paramref name="scored"/> in a per-candidate array.</summary>
    protected static Span<TItem> CandidatesOf<TItem>(TItem[] perCandidate, int scored, int negatives) =>
        perCandidate.AsSpan(scored * (negatives + 1), negatives + 1);

    /// <summary>Row b's target and its K drawn negatives as row offsets (ids checked against V), into
    /// candidates[b (K + 1)..]: the W_out rows a row scores when its negatives are its own.</summary>
    protected static void TargetAndNegatives(int[] candidates, ContextBatch batch, int b, ReadOnlySpan<long> drawn,
        int negatives, long vocabulary, int hidden)
    {
        var row = CandidatesOf(candidates, b, negatives);
        row[0] = IndexGuard.Row(batch.Target[b], vocabulary) * hidden;
        DrawnNegatives(row, drawn, b, vocabulary, hidden);
    }

    /// <summary>The K negatives drawn for scored row or pair <paramref name="scored"/> as row offsets (ids checked
    /// against V), into row[1..K] of its K + 1 candidates.</summary>
    protected static void DrawnNegatives(Span<int> row, ReadOnlySpan<long> drawn, int scored, long vocabulary,
        int hidden)
    {
        var negatives = row.Length - 1;
        for (var j = 1; j <= negatives; j++)
            row[j] = IndexGuard.Row(drawn[scored * negatives + j - 1], vocabulary) * hidden;
    }

    /// <summary>Each row's contexts in use as row offsets (ids checked against V), row after row, into
    /// <paramref name="contexts"/>: a skip-gram row's pairs. pairsBefore[b] counts the pairs before row b's, and
    /// pairsBefore[Rows] all of them.</summary>
    protected static void ContextsInUse(ContextBatch batch, int width, long vocabulary, int hidden, int[] contexts,
        int[] pairsBefore)
    {
        var pair = 0;
        for (var b = 0; b < batch.Rows; b++)
        {
            pairsBefore[b] = pair;
            for (var c = 0; c < width; c++)
                if (batch.Mask[b * width + c] != 0)
                    contexts[pair++] = IndexGuard.Row(batch.Contexts[b * width + c], vocabulary) * hidden;
        }
        pairsBefore[batch.Rows] = pair;
    }

    /// <summary>W[rows[n]] += rate * gradients[n] * h for each candidate row: EmbeddingDot's update of W_out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static void UpdateRows<T>(Span<T> w, ReadOnlySpan<int> rows, ReadOnlySpan<T> gradients, T rate,
        ReadOnlySpan<T> h) where T : unmanaged, INumber<T>
    {
        for (var n = 0; n < rows.Length; n++) RowMath.AddScaled(w.Slice(rows[n], h.Length), rate * gradients[n], h);
    }
}
