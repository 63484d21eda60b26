using NegSampling.Formats;

namespace NegSampling.Training;

/// <summary>
/// A run's state besides its weights, optimizer and sampler: where it stands, the steps and corpus tokens done,
/// the loss not yet logged, the loss log, and the seeds of its random streams. One value, read from a checkpoint
/// and written into one; the strategies advance it through a <see cref="StepSink"/> and move its position at the
/// ends of chunks. Counters are read from any thread; they change under the sink's lock or between rounds.
/// </summary>
internal sealed class RunState(long seed)
{
    private long step;
    private long tokensSeen;

    /// <summary>The epoch in progress and how far into it.</summary>
    public RunPosition Position { get; set; }

    /// <summary>Steps taken, over all epochs (resumed runs included).</summary>
    public long Step => Interlocked.Read(ref step);

    /// <summary>Corpus tokens read, over all epochs.</summary>
    public long TokensSeen => Interlocked.Read(ref tokensSeen);

    /// <summary>Loss summed over the iterations since the last logged average, and their number.</summary>
    public (double Sum, int Count) PendingLoss { get; set; }

    /// <summary>The loss log so far.</summary>
    public List<LossRecord> History { get; } = [];

    /// <summary>The processes training together (mpirun's ranks; 1 for a process alone).</summary>
    public int Ranks { get; set; } = 1;

    /// <summary>The ranks' weight syncs done, over the whole run (they place the tiers of a tiered sync).</summary>
    public long Syncs { get; set; }

    /// <summary>The step of the last checkpoint written or resumed from (not saved).</summary>
    public long LastCheckpointStep { get; set; }

    /// <summary>Seeds of the independent random streams (init 0, sampler 1, epoch shuffles 2 + epoch, fast chunks
    /// 1000 + chunk) from the one config seed.</summary>
    public long DerivedSeed(long stream) =>
        (long)((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xD1B54A32D192ED03UL >> 1);

    /// <summary>True when a multiple of <paramref name="interval"/> steps was passed since the last checkpoint (never
    /// for 0).</summary>
    public bool CheckpointDue(int interval) => interval > 0 && Step / interval > LastCheckpointStep / interval;

    /// <summary>Counts a step: the iteration in the epoch and the run's step.</summary>
    public void CountStep()
    {
        Interlocked.Increment(ref step);
        Position = Position with { Iteration = Position.Iteration + 1 };
    }

    /// <summary>Counts corpus tokens read.</summary>
    public void CountTokens(long tokens) => Interlocked.Add(ref tokensSeen, tokens);

    /// <summary>The state a checkpoint holds; <paramref name="corpusTokens"/> (the corpus's length) gives the tokens
    /// of the epochs before its position.</summary>
    public static RunState Restore(Checkpoint checkpoint, long seed, long corpusTokens)
    {
        var state = new RunState(seed)
        {
            Position = new RunPosition(checkpoint.Epoch, checkpoint.Iteration, checkpoint.Chunk,
                checkpoint.EpochTokens),
            PendingLoss = (checkpoint.PendingLossSum, checkpoint.PendingLossCount),
            LastCheckpointStep = checkpoint.Step,
            Syncs = checkpoint.Syncs,
        };
        state.step = checkpoint.Step;
        state.tokensSeen = checkpoint.Epoch * corpusTokens + checkpoint.EpochTokens;
        state.History.AddRange(checkpoint.History);
        return state;
    }
}
