using System.Numerics;
using static TorchSharp.torch;

namespace NegSampling.Distributed;

/// <summary>
/// The ranks' W_in and W_out made equal again: each sync replaces rows by their mean over the ranks. A full sync
/// averages every row; a tiered one (pWord2Vec's, Ji et al. 2016) the most frequent rows only, more of them at
/// rarer syncs: sync s averages the top 1,024 x 2^k rows by frequency, 2^k the largest power of two dividing s
/// (the top 1,024 at every sync, the top 2,048 at every second, ...), so a row of frequency rank r waits about
/// r / 1,024 syncs. Rows are ranked by their corpus counts (ties by id), whatever the vocabulary's order.
/// </summary>
internal sealed class WeightAveraging
{
    /// <summary>The rows of the first tier.</summary>
    public const int FirstTierRows = 1024;

    private readonly RankGroup group;
    private readonly Tensor[] matrices;
    private readonly long[] ranking;
    private readonly long leadingInOrder;
    private readonly bool tiered;

    public WeightAveraging(RankGroup group, IReadOnlyList<long> counts, bool tiered, params Tensor[] matrices)
    {
        (this.group, this.tiered, this.matrices) = (group, tiered, matrices);
        ranking = Enumerable.Range(0, counts.Count).OrderByDescending(i => counts[i]).ThenBy(i => i)
            .Select(i => (long)i).ToArray();
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

    /// <summary>The next sync: every row when <paramref name="full"/> or not tiered, else the next sync's
    /// tiers.</summary>
    public void Sync(bool full)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        Syncs++;
        var rows = full || !tiered ? ranking.Length : TieredRows(Syncs, ranking.Length);
        foreach (var matrix in matrices) BytesSent += Average(matrix, rows);
        Time += System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Averages the <paramref name="rows"/> most frequent rows of a matrix; in place when they are its
    /// first rows, else through a gathered copy.</summary>
    private long Average(Tensor matrix, long rows)
    {
        if (rows <= leadingInOrder) return group.AverageLeadingRows(matrix, rows);
        using var _ = no_grad();
        using var ids = tensor(ranking.AsSpan(0, (int)rows).ToArray());
        using var gathered = matrix.index_select(0, ids);
        var bytes = group.AverageLeadingRows(gathered, rows);
        matrix.index_copy_(0, ids, gathered);
        return bytes;
    }
}
