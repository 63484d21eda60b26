using System.Globalization;
using NegSampling.Formats;

namespace NegSampling.Training;

/// <summary>
/// Where a strategy hands each finished step: refuses a loss that is not finite (the run diverged), advances the
/// <see cref="RunState"/>, logs the average loss every logInterval iterations, and reports progress (at the start,
/// after each step and each checkpoint) with the time left estimated from this run's own rate. Thread-safe: Hogwild
/// workers share one.
/// </summary>
internal sealed class StepSink
{
    private readonly RunState state;
    private readonly TrainingConfig config;
    private readonly IProgress<TrainingProgress> progress;
    private readonly Func<double> fraction;
    private readonly TimeProvider time;
    private readonly long started;
    private readonly double startFraction;
    private readonly Lock gate = new();
    private long tokensThisRun;

    /// <summary>A sink for one call of a run; <paramref name="fraction"/> gives the part of the whole run done, and
    /// the clock starts now.</summary>
    public StepSink(RunState state, TrainingConfig config, IProgress<TrainingProgress> progress, Func<double> fraction,
        TimeProvider time)
    {
        (this.state, this.config, this.progress, this.fraction, this.time) = (state, config, progress, fraction, time);
        startFraction = fraction();
        started = time.GetTimestamp();
    }

    /// <summary>Counts a finished step of <paramref name="tokens"/> corpus tokens.</summary>
    public void Complete(double loss, long tokens)
    {
        lock (gate)
        {
            if (!double.IsFinite(loss)) throw new InvalidOperationException(Diverged(loss));
            state.CountStep();
            CountTokens(tokens);
            var (sum, count) = state.PendingLoss;
            (sum, count) = (sum + loss, count + 1);
            var position = state.Position;
            LossRecord? record = null;
            if (position.Iteration % config.LogInterval == 0)
            {
                record = new LossRecord(state.Step, position.Epoch + 1, position.Iteration, sum / count);
                state.History.Add(record);
                (sum, count) = (0, 0);
            }
            state.PendingLoss = (sum, count);
            progress.Report(Progress(loss, logged: record));
        }
    }

    /// <summary>Counts corpus tokens read without a step (a chunk's tail after its last target).</summary>
    public void CountTokens(long tokens)
    {
        state.CountTokens(tokens);
        Interlocked.Add(ref tokensThisRun, tokens);
    }

    /// <summary>Reports where this call of the run starts: no loss yet, nothing timed.</summary>
    public void ReportStart()
    {
        lock (gate) progress.Report(Progress(double.NaN));
    }

    /// <summary>Reports a checkpoint written at the current position.</summary>
    public void ReportCheckpoint(string path)
    {
        lock (gate) progress.Report(Progress(double.NaN, checkpoint: path));
    }

    private TrainingProgress Progress(double loss, LossRecord? logged = null, string? checkpoint = null)
    {
        var elapsed = time.GetElapsedTime(started);
        var done = fraction();
        TimeSpan? remaining = done > startFraction ? elapsed * ((1 - done) / (done - startFraction)) : null;
        var position = state.Position;
        return new TrainingProgress(position.Epoch + 1, position.Iteration, state.Step, loss,
            Interlocked.Read(ref tokensThisRun) / Math.Max(elapsed.TotalSeconds, 1e-9), elapsed, done, remaining)
        { Logged = logged, Checkpoint = checkpoint };
    }

    /// <summary>What diverged where, and the key to change.</summary>
    private string Diverged(double loss) =>
        $"training diverged: the loss is {loss} at epoch {state.Position.Epoch + 1}, iteration " +
        $"{state.Position.Iteration + 1}; lower learningRate (now " +
        $"{config.LearningRate.ToString(CultureInfo.InvariantCulture)}) or " +
        (config.Mode == TrainingMode.Fast
            ? $"batchSize (now {config.BatchSize}: a batch's updates to a frequent word add up)"
            : "set maxGradNorm");
}
