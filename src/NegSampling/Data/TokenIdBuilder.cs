namespace NegSampling.Data;

/// <summary>
/// Collects ids one token at a time into pinned heap blocks of 2^24 (no copy as it grows, no 2^31 limit), and
/// rewrites them in place through a mapping (provisional ids to final ones, dropping those mapped to -1).
/// </summary>
internal sealed class TokenIdBuilder
{
    private const int BlockSize = 1 << TokenIds.BlockBits;
    private readonly List<uint[]> blocks = [];
    private uint[] current = [];
    private int used = BlockSize;

    public long Count => (long)(blocks.Count - 1) * BlockSize + used;

    public void Add(uint id)
    {
        if (used == BlockSize)
        {
            current = GC.AllocateUninitializedArray<uint>(BlockSize, pinned: true);
            blocks.Add(current);
            used = 0;
        }
        current[used++] = id;
    }

    /// <summary>How many times each id from 0 to <paramref name="distinct"/> - 1 occurs.</summary>
    public long[] Counts(int distinct)
    {
        var counts = new long[distinct];
        var left = blocks.Count == 0 ? 0 : Count;
        foreach (var block in blocks)
        {
            foreach (var id in block.AsSpan(0, (int)Math.Min(left, BlockSize))) counts[id]++;
            left -= BlockSize;
        }
        return counts;
    }

    /// <summary>
    /// Moves another builder's ids to the end of these, each as map[id], in the other's memory: its blocks become
    /// ours and its ids move down to fill our last block, so that no second copy of the ids is ever held. The other
    /// is left empty.
    /// </summary>
    public void Join(TokenIdBuilder other, ReadOnlySpan<int> map)
    {
        var (start, moved) = (Count, other.Count);
        var firstSource = (long)blocks.Count << TokenIds.BlockBits;
        blocks.AddRange(other.blocks);
        for (long done = 0; done < moved;)
        {
            var (source, target) = (firstSource + done, start + done);
            var (sourceAt, targetAt) = ((int)(source & (BlockSize - 1)), (int)(target & (BlockSize - 1)));
            var n = (int)Math.Min(moved - done, BlockSize - Math.Max(sourceAt, targetAt));
            var from = blocks[(int)(source >> TokenIds.BlockBits)].AsSpan(sourceAt, n);
            var to = blocks[(int)(target >> TokenIds.BlockBits)].AsSpan(targetAt, n);
            for (var i = 0; i < n; i++) to[i] = (uint)map[(int)from[i]]; // forward: a target never passes its source
            done += n;
        }
        Truncate(start + moved);
        other.blocks.Clear();
        (other.current, other.used) = ([], BlockSize);
    }

    /// <summary>Replaces each id by map[id], dropping the ids that map to -1 (the survivors keep their
    /// order).</summary>
    public void Remap(ReadOnlySpan<int> map)
    {
        long written = 0;
        var total = blocks.Count == 0 ? 0 : Count;
        for (long read = 0; read < total; read++)
        {
            var id = map[(int)blocks[(int)(read >> TokenIds.BlockBits)][read & (BlockSize - 1)]];
            if (id < 0) continue;
            blocks[(int)(written >> TokenIds.BlockBits)][written & (BlockSize - 1)] = (uint)id;
            written++;
        }
        Truncate(written);
    }

    /// <summary>Keeps the first <paramref name="length"/> ids and the blocks they need.</summary>
    private void Truncate(long length)
    {
        var keep = (int)((length + BlockSize - 1) >> TokenIds.BlockBits);
        blocks.RemoveRange(keep, blocks.Count - keep);
        used = length == 0 ? BlockSize : (int)(length - (long)(keep - 1) * BlockSize);
        current = blocks.Count == 0 ? [] : blocks[^1];
    }

    public TokenIds Build()
    {
        var length = blocks.Count == 0 ? 0 : Count;
        return new TokenIds([.. blocks], length);
    }
}
