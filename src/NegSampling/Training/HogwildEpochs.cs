using NegSampling.Data;
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
/// </summary>
internal sealed class HogwildEpochs : EpochStrategy
{
    private readonly StreamedBatches stream;
    private readonly HogwildWorker[] workers;
    private readonly double totalTokens;

    public HogwildEpochs(TrainingConfig config, TrainingData data, Word2VecModel model, Optimizer optimizer,
        Device device)
    {
        stream = new StreamedBatches(data.Ids, config.Window,
            StreamedBatches.KeepProbabilities(data.Vocabulary.Counts, config.SubsamplingThreshold),
            config.DynamicWindow, SentenceEnd(config, data.Vocabulary));
        totalTokens = (double)data.Ids.Length * config.Epochs;
        var counts = data.Vocabulary.Counts.Select(c => (double)c).ToArray();
        workers = Enumerable.Range(0, config.Workers)
            .Select(_ => new HogwildWorker(config, model, optimizer, device, stream, counts, data.Ids.Length,
                totalTokens))
            .ToArray();
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
        var position = state.Position;
        var round = new ChunkRound(position.Epoch, position.Chunk, position.EpochTokens, stream.Chunks, pause);
        if (workers.Length == 1) workers[0].Run(round, state, steps);
        else Task.WaitAll(workers.Select(w => Task.Factory.StartNew(() => w.Run(round, state, steps),
            TaskCreationOptions.LongRunning)));
        if (round.ChunksDone == stream.Chunks) return true;
        state.Position = state.Position with { Chunk = round.ChunksDone, EpochTokens = round.EpochTokens };
        return false;
    }

    public override void Dispose()
    {
        foreach (var worker in workers) worker.Dispose();
    }
}
