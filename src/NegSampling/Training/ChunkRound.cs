namespace NegSampling.Training;

/// <summary>
/// The fast mode's chunks of one epoch handed out to workers from a starting chunk, until they run out or a
/// pause is asked for (a checkpoint due, or a cancel): a worker finishes the chunk it holds and takes no
/// other, so when all workers have stopped every chunk before <see cref="ChunksDone"/> is complete. A rank of a
/// run on several processes takes every <paramref name="stride"/>-th chunk up to <paramref name="chunks"/>, and a
/// chunk's progress is where it starts in the epoch (<paramref name="startOf"/>), not the tokens this rank finished.
/// </summary>
internal sealed class ChunkRound(int epoch, long firstChunk, long tokensBefore, int chunks, Func<bool> pause,
    int stride = 1, Func<int, long>? startOf = null)
{
    private long nextChunk = firstChunk;
    private long epochTokens = tokensBefore;

    public int Epoch { get; } = epoch;

    /// <summary>Chunks claimed, and so (once the workers have stopped) done.</summary>
    public long ChunksDone => Math.Min(Interlocked.Read(ref nextChunk), chunks);

    /// <summary>Corpus tokens in the epoch's finished chunks.</summary>
    public long EpochTokens => Interlocked.Read(ref epochTokens);

    /// <summary>The next chunk and the epoch's tokens finished before it, or false when out of chunks or
    /// pausing.</summary>
    public bool TryClaim(out int chunk, out long tokensBefore)
    {
        tokensBefore = EpochTokens;
        chunk = -1;
        if (pause()) return false;
        var claimed = Interlocked.Add(ref nextChunk, stride) - stride;
        if (claimed >= chunks) return false;
        chunk = (int)claimed;
        if (startOf is not null) tokensBefore = startOf(chunk);
        return true;
    }

    /// <summary>Records a finished chunk's tokens.</summary>
    public void Finish(long tokens) => Interlocked.Add(ref epochTokens, tokens);
}
