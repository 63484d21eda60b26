using NegSampling.Formats;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Training.Optimizers;

namespace NegSampling.Training;

/// <summary>
/// A run's files in its output directory: checkpoints and loss.csv, written here alone. A run claims the directory
/// before it writes: another run's files there are refused (or, with overwrite, removed first), so retention, which
/// keeps the last N checkpoints this run wrote or resumed from, never deletes or mixes with another run's. While a run
/// lives it holds the directory's lock (<see cref="Lock"/>), so no second process trains there beside it. A write
/// that fails on a full disk or a read-only folder is one line naming the file and the newest checkpoint still
/// readable.
/// </summary>
internal sealed class RunDirectory(string path, string? resumedFrom, bool overwrite)
{
    /// <summary>The loss log beside the checkpoints.</summary>
    public const string LossLog = "loss.csv";

    /// <summary>The lock file a live run holds.</summary>
    public const string LockName = ".lock";

    private readonly List<string> own = [];

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Wraps the stream each checkpoint is written to (tests inject failing writes here).</summary>
    internal Func<Stream, Stream>? CheckpointStream { get; set; }

    /// <summary>Creates the directory and takes its lock, held until disposed; throws
    /// <see cref="RunDirectoryInUseException"/> naming the process that holds it, or one line naming the folder and
    /// the outputDir key when it cannot be written.</summary>
    public static LockFile Lock(string directory)
    {
        var full = System.IO.Path.GetFullPath(directory);
        try
        {
            System.IO.Directory.CreateDirectory(full);
            return LockFile.TryTake(System.IO.Path.Combine(full, LockName), out var holder)
                   ?? throw new RunDirectoryInUseException(full, holder);
        }
        catch (Exception e) when (WriteError.Reason(e) is { } why)
        {
            throw new IOException($"cannot write the run's files in {full}: {why}; set outputDir to another folder", e);
        }
    }

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
    public string Save(TrainingConfig config, TrainingData data, RunState state, Word2VecModel model,
        Optimizer optimizer, INegativeSampler sampler)
    {
        var checkpoint = new Checkpoint
        {
            Config = config.ToJson(),
            Words = data.Vocabulary.Words,
            Counts = data.Vocabulary.Counts,
            GrownFrom = data.GrownFrom,
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
        Written(file, () => checkpoint.Save(file, CheckpointStream));
        var lossLog = System.IO.Path.Combine(Path, LossLog);
        Written(lossLog, () => LossCsv.Write(lossLog, state.History));
        own.Remove(file);
        own.Add(file);
        while (own.Count > config.KeepCheckpoints)
        {
            File.Delete(own[0]);
            own.RemoveAt(0);
        }
        return file;
    }

    /// <summary>Runs a write of <paramref name="file"/>; a full disk or a read-only folder is one line that names the
    /// file and the newest checkpoint left readable (the atomic writes leave every listed one whole).</summary>
    private void Written(string file, Action write)
    {
        try { write(); }
        catch (Exception e) when (WriteError.Reason(e) is { } why)
        {
            var newest = Checkpoint.List(Path).LastOrDefault();
            throw new IOException($"cannot write {file}: {why}; " + (newest is null
                ? "no checkpoint of this run is on disk"
                : $"the newest readable checkpoint is {System.IO.Path.GetFileName(newest)} in the same folder"), e);
        }
    }
}
