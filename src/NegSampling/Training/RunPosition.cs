namespace NegSampling.Training;

/// <summary>
/// Where a run stands: the epoch in progress (0-based), the iterations done in it, and in the fast mode the
/// chunks done in it and their corpus tokens. A checkpoint holds it; a resumed run starts from it.
/// </summary>
internal readonly record struct RunPosition(int Epoch, long Iteration, long Chunk, long EpochTokens)
{
    /// <summary>The start of the next epoch.</summary>
    public RunPosition NextEpoch() => new(Epoch + 1, 0, 0, 0);
}
