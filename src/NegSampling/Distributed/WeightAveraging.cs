using System.Numerics;
using NegSampling.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Distributed;

/// <summary>
/// The ranks' W_in and W_out made equal again: each sync replaces rows by their mean over the ranks, or, when
/// summing, by their values at the last sync plus the sum of every rank's updates since (each rank keeps the
/// synced values for that: a copy of the matrices). The mean applies each rank's updates at 1 / N of their weight,
/// as if the ranks trained at 1 / N of the learning rate; the sum applies them in full, as one process's Hogwild
/// workers do, and sends the same bytes. A full sync combines every row; a tiered one (pWord2Vec's, Ji et al.
/// 2016) the most frequent rows only, more of them at rarer syncs (the others' updates wait for their tier): sync
/// s combines the top 1,024 x 2^k rows by frequency, 2^k the largest power of two dividing s
/// (the top 1,024 at every sync, the top 2,048 at every second, ...), so a row of frequency rank r waits about
/// r / 1,024 syncs. Rows are ranked by their corpus counts (ties by id), whatever the vocabulary's order.
/// </summary>
internal sealed class WeightAveraging : IDisposable
{
    /// <summary>The rows of the first tier.</summary>
    public const int FirstTierRows = 1024;

    private readonly RankGroup group;
    private readonly Tensor[] matrices;
    private readonly long[] ranking;
    private readonly long leadingInOrder;
    private readonly bool tiered;
    private readonly Tensor[]? synced;

    public WeightAveraging(RankGroup group, IReadOnlyList<long> counts, bool tiered, bool sum,
        params Tensor[] matrices)
    {
        (this.group, this.tiered, this.matrices) = (group, tiered, matrices);
        // Alone, a sync changes nothing: no copy to keep (and the weights stay bit for bit the one-process run's).
        // Mark fills the copies.
        if (sum && group.Size > 1) synced = matrices.Select(m => empty_like(m, requires_grad: false)).ToArray();
        ranking = [.. Vocabulary.ByFallingCount(counts).Select(i => (long)i)];
        while (leadingInOrder < ranking.Length && ranking[leadingInOrder] == leadingInOrder) leadingInOrder++;
    }

    public RankGroup Group => group;

    /// <summary>Syncs done, over the whole run (a checkpoint holds it: it places the tiers).</summary>
    public long Syncs { get; set; }

    /// <summary>Bytes each rank sent over this process's syncs.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Time spent in this process's syncs.</summary>
    public TimeSpan Time { get; private set; }

    /// <summary>The rows sync number <paramref name="sync"/> (1-based) averages when tiered, of
    /// <paramref name="rows"/>.</summary>
    public static long TieredRows(long sync, long rows) =>
        Math.Min(rows, (long)FirstTierRows << Math.Min(BitOperations.TrailingZeroCount(sync), 40));

    /// <summary>Takes the weights as every rank holds them now (at the start, or after a full sync), the values that
    /// the updates until the next sync add to when summing: due before the first sync.</summary>
    public void Mark()
    {
        using var _ = no_grad();
        for (var i = 0; synced is not null && i < synced.Length; i++) synced[i].copy_(matrices[i]);
    }

    /// <summary>The next sync: every row when <paramref name="full"/> or not tiered, else the next sync's
    /// tiers.</summary>
    public void Sync(bool full)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Syncs++;
        var rows = full || !tiered ? ranking.Length : TieredRows(Syncs, ranking.Length);
        for (var i = 0; i < matrices.Length; i++) BytesSent += Combine(matrices[i], synced?[i], rows);
        Time += System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Syncs the <paramref name="rows"/> most frequent rows of a matrix (and of its copy at the last sync,
    /// when summing); in place when they are its first rows or all of them, else through gathered copies.</summary>
    private long Combine(Tensor matrix, Tensor? last, long rows)
    {
        using var _ = no_grad();
        // Every row (a full sync) is the whole matrix in place, whatever the order: no gathered copy of it.
        if (rows <= leadingInOrder || rows == ranking.Length)
        {
            using var leading = matrix.narrow(0, 0, rows);
            using var leadingLast = last?.narrow(0, 0, rows);
            var sent = CombineRows(leading, leadingLast, rows);
            leadingLast?.copy_(leading);
            return sent;
        }
        using var ids = tensor(ranking.AsSpan(0, (int)rows).ToArray());
        using var gathered = matrix.index_select(0, ids);
        using var gatheredLast = last?.index_select(0, ids);
        var bytes = CombineRows(gathered, gatheredLast, rows);
        matrix.index_copy_(0, ids, gathered);
        last?.index_copy_(0, ids, gathered);
        return bytes;
    }

    /// <summary>Rows made the ranks' mean, or (<paramref name="last"/> given) the last sync's values plus the sum of
    /// the ranks' changes since: the changes go through the allreduce in the rows' own memory.</summary>
    private long CombineRows(Tensor values, Tensor? last, long rows)
    {
        if (last is null) return group.SumLeadingRows(values, rows, mean: true);
        values.sub_(last);
        var bytes = group.SumLeadingRows(values, rows, mean: false);
        using var one = 1.ToScalar(); // held: an implicit Scalar may be finalised while the native call reads it
        values.add_(last, one);
        return bytes;
    }

    public void Dispose()
    {
        foreach (var copy in synced ?? []) copy.Dispose();
    }
}
