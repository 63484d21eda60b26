using System.Numerics;
using System.Runtime.CompilerServices;

namespace NegSampling.Fast;

/// <summary>
/// SigmoidWithLoss's forward and backward for one row's K+1 scores at a time (the positive first), with SIMD:
/// g = sigmoid(s) - t in place of the scores, and the row's summed binary cross-entropy,
/// max(s, 0) - s t + log(1 + exp(-|s|)). The scores live in a buffer padded to whole vectors.
/// </summary>
internal sealed class CandidateScores<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector<T>[] labels;
    private readonly Vector<T>[] lanesInUse;

    public CandidateScores(int candidates)
    {
        var lanes = Vector<T>.Count;
        var vectors = (candidates + lanes - 1) / lanes;
        Buffer = new T[vectors * lanes];
        labels = new Vector<T>[vectors];
        lanesInUse = new Vector<T>[vectors];
        for (var v = 0; v < vectors; v++)
        {
            var (label, inUse) = (new T[lanes], new T[lanes]);
            for (var lane = 0; lane < lanes; lane++)
            {
                label[lane] = v == 0 && lane == 0 ? T.One : T.Zero;
                inUse[lane] = v * lanes + lane < candidates ? T.One : T.Zero;
            }
            (labels[v], lanesInUse[v]) = (new Vector<T>(label), new Vector<T>(inUse));
        }
    }

    /// <summary>The scores to fill (positive first, then the negatives; padding lanes are ignored).</summary>
    public T[] Buffer { get; }

    /// <summary>Turns the scores into gradients sigmoid(s) - t; returns the summed loss.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Apply()
    {
        var lanes = Vector<T>.Count;
        var loss = T.Zero;
        for (var v = 0; v < labels.Length; v++)
        {
            var s = new Vector<T>(Buffer, v * lanes);
            var e = Exp(-Vector.Abs(s));
            var onePlus = Vector<T>.One + e;
            var sigmoid = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(s, Vector<T>.Zero),
                Vector<T>.One / onePlus, e / onePlus);
            (sigmoid - labels[v]).CopyTo(Buffer, v * lanes);
            loss += Vector.Sum((Vector.Max(s, Vector<T>.Zero) - s * labels[v] + Log(onePlus)) * lanesInUse[v]);
        }
        return double.CreateChecked(loss);
    }

    /// <summary>
    /// One scored row's part of a step: the candidates' rows of W_out scored against h, the scores turned into
    /// gradients (copied to <paramref name="gradients"/>), and g * each candidate row added to dh, all from W_out as
    /// it was scored (before any update); returns the summed loss.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Score(ReadOnlySpan<T> wOut, ReadOnlySpan<int> rows, ReadOnlySpan<T> h, Span<T> gradients,
        Span<T> dh)
    {
        for (var j = 0; j < rows.Length; j++) Buffer[j] = RowMath.Dot(wOut.Slice(rows[j], h.Length), h);
        var loss = Apply();
        for (var j = 0; j < rows.Length; j++)
        {
            gradients[j] = Buffer[j];
            RowMath.AddScaled(dh, Buffer[j], wOut.Slice(rows[j], h.Length));
        }
        return loss;
    }

    private static Vector<T> Exp(Vector<T> x) =>
        typeof(T) == typeof(float)
            ? Vector.Exp(x.As<T, float>()).As<float, T>()
            : Vector.Exp(x.As<T, double>()).As<double, T>();

    private static Vector<T> Log(Vector<T> x) =>
        typeof(T) == typeof(float)
            ? Vector.Log(x.As<T, float>()).As<float, T>()
            : Vector.Log(x.As<T, double>()).As<double, T>();
}
