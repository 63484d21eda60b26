using NegSampling.Data;
using NegSampling.Distributed;
using NegSampling.Models;
using NegSampling.Training.Optimizers;
using static TorchSharp.torch;

namespace NegSampling.Training;

/// <summary>
/// word2vec's way through the epochs: the corpus streamed in chunks (subsampling, dynamic windows), each
/// chunk's batches taken by a <see cref="HogwildWorker"/>, the workers sharing the weights without locks
/// (Hogwild). The learning rate follows the tokens done (word2vec's linear decay). Each chunk's randomness
/// is seeded from (seed, epoch, chunk), so one worker is deterministic and resumes bit for bit. A pause takes
/// effect at a chunk boundary: the workers finish the chunks they hold and take no other.
/// As a rank of a run on several processes (<see cref="WeightAveraging"/> given), the epoch goes in rounds of
/// syncTokens corpus tokens (whole chunks, at least one per rank): rank r takes the round's chunks r, r + N, ...,
/// each at the learning rate of where it starts in the epoch, then the ranks sync their weights (averaged, or the
/// ranks' updates summed). Rounds, pauses and checkpoints fall at the same points on every rank: rank 0 decides when
/// to pause, and the sync before a pause, and the one ending an epoch, take every row, so that all ranks then hold
/// the same weights.
/// </summary>
internal sealed class HogwildEpochs : EpochStrategy
{
    private readonly StreamedBatches stream;
    private readonly HogwildWorker[] workers;
    private readonly long corpusTokens;
    private readonly double totalTokens;
    private readonly WeightAveraging? averaging;
    private readonly int roundChunks;

    public HogwildEpochs(TrainingConfig config, TrainingData data, Word2VecModel model, Optimizer optimizer,
        Device device, WeightAveraging? averaging = null)
    {
        stream = new StreamedBatches(data.Ids, config.Window,
            StreamedBatches.KeepProbabilities(data.CorpusCounts, config.SubsamplingThreshold),
            config.DynamicWindow, SentenceEnd(config, data.Vocabulary));
        corpusTokens = data.Ids.Length;
        totalTokens = (double)corpusTokens * config.Epochs;
        var counts = data.Vocabulary.Counts.Select(c => (double)c).ToArray();
        workers = Enumerable.Range(0, config.Workers)
            .Select(_ => new HogwildWorker(config, model, optimizer, device, stream, counts, data.Ids.Length,
                totalTokens))
            .ToArray();
        this.averaging = averaging;
        if (averaging is null) return;
        var ranks = averaging.Group.Size;
        roundChunks = ranks * (int)Math.Clamp(config.SyncTokens / ((long)ranks * stream.ChunkTokens), 1,
            stream.Chunks);
    }

    /// <summary>The id of the &lt;eos&gt; that ends each line when windows stay within sentences; null when they do
    /// not, or when the corpus has no such word.</summary>
    private static int? SentenceEnd(TrainingConfig config, Vocabulary vocabulary) =>
        config.SentenceWindows && config.AppendEos && vocabulary.TryGetId(ByteTokenizer.EndOfSentence, out var id)
            ? id : null;

    public override long? StepsPerEpoch => null;

    public override double Fraction(RunState state) => Math.Min(1, state.TokensSeen / totalTokens);

    public override bool RunEpoch(RunState state, StepSink steps, Func<bool> pause)
    {
        if (averaging is not null) return RunEpochAsRank(state, steps, pause, averaging);
        var position = state.Position;
        var round = new ChunkRound(position.Epoch, position.Chunk, position.EpochTokens, stream.Chunks, pause);
        RunWorkers(round, state, steps);
        if (round.ChunksDone == stream.Chunks) return true;
        state.Position = state.Position with { Chunk = round.ChunksDone, EpochTokens = round.EpochTokens };
        return false;
    }

    private bool RunEpochAsRank(RunState state, StepSink steps, Func<bool> pause, WeightAveraging sync)
    {
        var (rank, ranks) = (sync.Group.Rank, sync.Group.Size);
        // An epoch starts where the ranks hold the same weights: the run's start, or after a full sync.
        sync.Mark();
        while (true)
        {
            var position = state.Position;
            var end = (int)Math.Min(position.Chunk + roundChunks, stream.Chunks);
            RunWorkers(new ChunkRound(position.Epoch, position.Chunk + rank, 0, end, () => false, ranks,
                c => (long)c * stream.ChunkTokens), state, steps);
            // Where the ranks stand together: every chunk before the round's end done, by one rank or another.
            var epochTokens = Math.Min((long)end * stream.ChunkTokens, corpusTokens);
            state.Position = state.Position with { Chunk = end, EpochTokens = epochTokens };
            state.CountTokens(position.Epoch * corpusTokens + epochTokens - state.TokensSeen);
            var last = end == stream.Chunks;
            var stop = sync.Group.RootDecides(!last && pause());
            sync.Sync(full: stop || last);
            state.Syncs = sync.Syncs;
            if (last) return true;
            if (stop) return false;
        }
    }

    private void RunWorkers(ChunkRound round, RunState state, StepSink steps)
    {
        if (workers.Length == 1) workers[0].Run(round, state, steps);
        else Task.WaitAll(workers.Select(w => Task.Factory.StartNew(() => w.Run(round, state, steps),
            TaskCreationOptions.LongRunning)));
    }

    public override void Dispose()
    {
        foreach (var worker in workers) worker.Dispose();
    }
}
