using NegSampling.Data;
using NegSampling.Fast;
using NegSampling.Sampling;

namespace NegSampling.Training;

/// <summary>
/// One Hogwild worker of the fast mode: takes chunks from a <see cref="ChunkRound"/>, and for each of the
/// chunk's batches runs the model's sparse step with its own sampler and the optimizer's update for the
/// chunk's point of progress.
/// </summary>
internal sealed class HogwildWorker : IDisposable
{
    private readonly Trainer trainer;
    private readonly StreamedBatches stream;
    private readonly double totalTokens;
    private readonly INegativeSampler sampler;
    private readonly ContextBatch batch;
    private readonly FastStep step;

    public HogwildWorker(Trainer trainer, StreamedBatches stream, IReadOnlyList<double> counts, double totalTokens)
    {
        var config = trainer.Config;
        this.trainer = trainer;
        this.stream = stream;
        this.totalTokens = totalTokens;
        sampler = INegativeSampler.Create(counts, config.Power, config.Negatives, config.Sampler, trainer.Device);
        batch = new ContextBatch(config.BatchSize, 2 * config.Window);
        step = new FastStep(trainer.Model, new FastOptions(config.CbowContextUpdate, config.SkipGramNegatives),
            config.BatchSize, 2 * config.Window, config.Negatives);
    }

    /// <summary>Runs chunks until the round has none left or pauses.</summary>
    public void Run(ChunkRound round)
    {
        while (round.TryClaim(out var chunk, out var tokensBefore))
        {
            RunChunk(round.Epoch, chunk, tokensBefore);
            round.Finish(stream.TokensIn(chunk));
        }
    }

    private void RunChunk(int epoch, int chunk, long tokensBefore)
    {
        var seed = trainer.DerivedSeed(1000 + (long)epoch * stream.Chunks + chunk);
        sampler.Reseed(seed);
        var progress = ((double)trainer.Data.Ids.Length * epoch + tokensBefore) / totalTokens;
        var reported = 0;
        foreach (var b in stream.Batches(chunk, batch, new Random((int)(seed & int.MaxValue))))
        {
            var loss = step.Run(b, trainer.Optimizer.SparseUpdate(progress), sampler);
            trainer.CompleteStep(loss, b.TokensRead - reported);
            reported = b.TokensRead;
        }
        trainer.CountTokens(stream.TokensIn(chunk) - reported);
    }

    public void Dispose()
    {
        sampler.Dispose();
        step.Dispose();
    }
}
