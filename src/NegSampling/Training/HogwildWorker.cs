using NegSampling.Data;
using NegSampling.Fast;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Training.Optimizers;
using static TorchSharp.torch;

namespace NegSampling.Training;

/// <summary>
/// One Hogwild worker of the fast mode: takes chunks from a <see cref="ChunkRound"/>, and for each of the
/// chunk's batches runs the model's sparse step with its own sampler and the optimizer's update for the
/// chunk's point of progress.
/// </summary>
internal sealed class HogwildWorker : IDisposable
{
    private readonly Word2VecModel model;
    private readonly Optimizer optimizer;
    private readonly StreamedBatches stream;
    private readonly long corpusTokens;
    private readonly double totalTokens;
    private readonly INegativeSampler sampler;
    private readonly ContextBatch batch;
    private readonly FastStep step;

    public HogwildWorker(TrainingConfig config, Word2VecModel model, Optimizer optimizer, Device device,
        StreamedBatches stream, IReadOnlyList<double> counts, long corpusTokens, double totalTokens)
    {
        (this.model, this.optimizer, this.stream) = (model, optimizer, stream);
        (this.corpusTokens, this.totalTokens) = (corpusTokens, totalTokens);
        sampler = INegativeSampler.Create(counts, config.Power, config.Negatives, config.Sampler, device);
        batch = new ContextBatch(config.BatchSize, 2 * config.Window);
        step = new FastStep(model, FastOptions.For(config, device), config.BatchSize, 2 * config.Window,
            config.Negatives);
    }

    /// <summary>Runs chunks until the round has none left or pauses.</summary>
    public void Run(ChunkRound round, RunState state, StepSink steps)
    {
        while (round.TryClaim(out var chunk, out var tokensBefore))
        {
            RunChunk(round.Epoch, chunk, tokensBefore, state, steps);
            round.Finish(stream.TokensIn(chunk));
        }
    }

    private void RunChunk(int epoch, int chunk, long tokensBefore, RunState state, StepSink steps)
    {
        var seed = state.DerivedSeed(1000 + (long)epoch * stream.Chunks + chunk);
        sampler.Reseed(seed);
        var progress = ((double)corpusTokens * epoch + tokensBefore) / totalTokens;
        var reported = 0;
        foreach (var b in stream.Batches(chunk, batch, new Random((int)(seed & int.MaxValue))))
        {
            var loss = step.Run(b, optimizer.SparseUpdate(progress), sampler);
            steps.Complete(loss, b.TokensRead - reported);
            reported = b.TokensRead;
        }
        steps.CountTokens(stream.TokensIn(chunk) - reported);
    }

    public void Dispose()
    {
        sampler.Dispose();
        step.Dispose();
    }
}
