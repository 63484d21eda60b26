using NegSampling.Data;
using NegSampling.Formats;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Training.Optimizers;

namespace NegSampling.Training;

/// <summary>
/// A run's files in its output directory: checkpoints and loss.csv, written here alone. A run claims the directory before it
/// writes: another run's files there are refused (or, with overwrite, removed first), so retention, which
/// keeps the last N checkpoints this run wrote or resumed from, never deletes or mixes with another run's.
/// </summary>
internal sealed class RunDirectory(string path, string? resumedFrom, bool overwrite)
{
    /// <summary>The loss log beside the checkpoints.</summary>
    public const string LossLog = "loss.csv";

    private readonly List<string> own = [];

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Makes the directory this run's, or throws <see cref="RunDirectoryInUseException"/> touching
    /// nothing.</summary>
    public void Claim()
    {
        System.IO.Directory.CreateDirectory(Path);
        var existing = Checkpoint.List(Path);
        var resumed = resumedFrom is null ? null : System.IO.Path.GetFullPath(resumedFrom);
        var lossLog = System.IO.Path.Combine(Path, LossLog);
        List<string> foreign;
        bool newer;
        if (resumed is not null && System.IO.Path.GetDirectoryName(resumed) == Path
            && Checkpoint.StepOf(resumed) is { } step)
        {
            own.AddRange(existing.Where(f => Checkpoint.StepOf(f) <= step));
            foreign = existing.Where(f => Checkpoint.StepOf(f) > step).ToList();
            newer = true;
        }
        else
        {
            foreign = [.. existing];
            if (File.Exists(lossLog)) foreign.Add(lossLog);
            newer = false;
        }
        if (foreign.Count == 0) return;
        if (!overwrite)
        {
            var newest = foreign.Where(f => f != lossLog).LastOrDefault() ?? lossLog;
            throw new RunDirectoryInUseException(Path, System.IO.Path.GetFileName(newest), newer);
        }
        foreach (var file in foreign) File.Delete(file);
    }

    /// <summary>Writes a checkpoint of the run as it stands and the loss log, then drops this run's checkpoints
    /// beyond the last keepCheckpoints; returns the checkpoint's path.</summary>
    public string Save(TrainingConfig config, Vocabulary vocabulary, RunState state, Word2VecModel model,
        Optimizer optimizer, INegativeSampler sampler)
    {
        var checkpoint = new Checkpoint
        {
            Config = config.ToJson(),
            Words = vocabulary.Words,
            Counts = vocabulary.Counts,
            Epoch = state.Position.Epoch,
            Iteration = state.Position.Iteration,
            Chunk = state.Position.Chunk,
            EpochTokens = state.Position.EpochTokens,
            Ranks = state.Ranks,
            Syncs = state.Syncs,
            Step = state.Step,
            OptimizerSteps = optimizer.StepCount,
            SamplerState = sampler.GetState(),
            PendingLossSum = state.PendingLoss.Sum,
            PendingLossCount = state.PendingLoss.Count,
            History = state.History.ToList(),
            Tensors = Checkpoint.TensorsOf(model.WIn, model.WOut, optimizer.State),
        };
        var file = System.IO.Path.Combine(Path, Checkpoint.FileName(checkpoint.Step));
        checkpoint.Save(file);
        LossCsv.Write(System.IO.Path.Combine(Path, LossLog), state.History);
        own.Remove(file);
        own.Add(file);
        while (own.Count > config.KeepCheckpoints)
        {
            File.Delete(own[0]);
            own.RemoveAt(0);
        }
        return file;
    }
}
