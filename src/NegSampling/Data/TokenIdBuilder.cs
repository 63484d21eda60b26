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

    /// <summary>Appends another builder's ids, each as map[id].</summary>
    public void Append(TokenIdBuilder other, ReadOnlySpan<int> map)
    {
        var left = other.blocks.Count == 0 ? 0 : other.Count;
        foreach (var block in other.blocks)
        {
            foreach (var id in block.AsSpan(0, (int)Math.Min(left, BlockSize))) Add((uint)map[(int)id]);
            left -= BlockSize;
        }
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
        var keep = (int)((written + BlockSize - 1) >> TokenIds.BlockBits);
        blocks.RemoveRange(keep, blocks.Count - keep);
        used = written == 0 ? BlockSize : (int)(written - (long)(keep - 1) * BlockSize);
        current = blocks.Count == 0 ? [] : blocks[^1];
    }

    public TokenIds Build()
    {
        var length = blocks.Count == 0 ? 0 : Count;
        return new TokenIds([.. blocks], length);
    }
}
