using NegSampling.Data;

namespace NegSampling.Training;

/// <summary>
/// word2vec's way through the epochs: the corpus streamed in chunks (subsampling, dynamic windows), each
/// chunk's batches taken by a <see cref="HogwildWorker"/>, the workers sharing the weights without locks
/// (Hogwild). The learning rate follows the tokens done (word2vec's linear decay). Each chunk's randomness
/// is seeded from (seed, epoch, chunk), so one worker is deterministic and resumes bit for bit. Checkpoints
/// at epoch ends, every checkpointInterval steps and on a cancel, at chunk boundaries (the workers stop, one
/// thread writes, the workers start again).
/// </summary>
internal sealed class HogwildEpochs : EpochStrategy
{
    private readonly StreamedBatches stream;
    private readonly HogwildWorker[] workers;
    private readonly double totalTokens;

    public HogwildEpochs(Trainer trainer, IReadOnlyList<double> counts) : base(trainer)
    {
        var config = trainer.Config;
        stream = new StreamedBatches(trainer.Data.Ids, config.Window,
            StreamedBatches.KeepProbabilities(trainer.Data.Vocabulary.Counts, config.SubsamplingThreshold),
            config.DynamicWindow, SentenceEnd(config, trainer.Data.Vocabulary));
        totalTokens = (double)trainer.Data.Ids.Length * config.Epochs;
        workers = Enumerable.Range(0, config.Workers)
            .Select(_ => new HogwildWorker(trainer, stream, counts, totalTokens)).ToArray();
    }

    /// <summary>The id of the &lt;eos&gt; that ends each line when windows stay within sentences; null when they do
    /// not, or when the corpus has no such word.</summary>
    private static int? SentenceEnd(TrainingConfig config, Vocabulary vocabulary) =>
        config.SentenceWindows && config.AppendEos && vocabulary.TryGetId(ByteTokenizer.EndOfSentence, out var id)
            ? id : null;

    public override long? StepsPerEpoch => null;

    public override double Fraction => Math.Min(1, Trainer.TokensSeen / totalTokens);

    protected override void RunEpoch(CancellationToken cancel)
    {
        while (true)
        {
            var position = Trainer.Position;
            var round = new ChunkRound(position.Epoch, position.Chunk, position.EpochTokens, stream.Chunks,
                () => cancel.IsCancellationRequested || Trainer.CheckpointDue);
            if (workers.Length == 1) workers[0].Run(round);
            else Task.WaitAll(workers.Select(w => Task.Factory.StartNew(() => w.Run(round),
                TaskCreationOptions.LongRunning)));
            if (round.ChunksDone == stream.Chunks) break;
            Trainer.Position = Trainer.Position with { Chunk = round.ChunksDone, EpochTokens = round.EpochTokens };
            Trainer.SaveCheckpoint();
            if (cancel.IsCancellationRequested) return;
        }
        Trainer.EndEpoch();
    }

    public override void Dispose()
    {
        foreach (var worker in workers) worker.Dispose();
    }
}
