namespace NegSampling.Training;

/// <summary>
/// A run's output directory already holds files of another run (or checkpoints newer than the one resumed),
/// which the run would delete or mix with. Nothing was written or deleted.
/// </summary>
public sealed class RunDirectoryInUseException(string directory, string newest, bool newerThanResumed)
    : IOException(newerThanResumed
        ? $"{directory} holds checkpoints newer than the one resumed (newest: {newest})"
        : $"{directory} already holds a run (newest: {newest})")
{
    /// <summary>The output directory.</summary>
    public string Directory { get; } = directory;

    /// <summary>The newest file of the other run (a checkpoint, or loss.csv).</summary>
    public string Newest { get; } = newest;

    /// <summary>True when the other files are a later part of the run being resumed, not another run.</summary>
    public bool NewerThanResumed { get; } = newerThanResumed;
}
