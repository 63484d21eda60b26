namespace NegSampling.Data;

/// <summary>One batch of the fast path: B targets, B x 2W contexts and a B x 2W mask (1 = slot in use).</summary>
internal sealed class ContextBatch(int capacity, int width)
{
    /// <summary>Context ids, row by row (B x 2W of capacity x width).</summary>
    public long[] Contexts { get; } = new long[capacity * width];

    /// <summary>1 where a context slot is in use, 0 where it is outside the (shrunk) window or the chunk.</summary>
    public float[] Mask { get; } = new float[capacity * width];

    /// <summary>Target ids.</summary>
    public long[] Target { get; } = new long[capacity];

    /// <summary>The rows filled.</summary>
    public int Rows { get; set; }

    /// <summary>2W, the context slots of a row.</summary>
    public int Width { get; } = width;

    /// <summary>The chunk's tokens (before subsampling) read up to this batch's last target, for progress.</summary>
    public int TokensRead { get; set; }
}
