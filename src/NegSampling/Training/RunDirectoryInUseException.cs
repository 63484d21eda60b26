namespace NegSampling.Training;

/// <summary>
/// A run's output directory is in use: another process trains in it now (<see cref="HeldByALiveRun"/>), or it holds
/// files of another run (or checkpoints newer than the one resumed), which the run would delete or mix with. Nothing
/// was written or deleted.
/// </summary>
public sealed class RunDirectoryInUseException : IOException
{
    /// <summary>The directory holds another run's files, the newest of them <paramref name="newest"/>; with
    /// <paramref name="newerThanResumed"/>, checkpoints newer than the one resumed.</summary>
    public RunDirectoryInUseException(string directory, string newest, bool newerThanResumed)
        : base(newerThanResumed
            ? $"{directory} holds checkpoints newer than the one resumed (newest: {newest})"
            : $"{directory} already holds a run (newest: {newest})")
    {
        Directory = directory;
        Newest = newest;
        NewerThanResumed = newerThanResumed;
    }

    /// <summary>Another process, <paramref name="processId"/> (null when its id could not be read), holds the
    /// directory's lock: it is training there now.</summary>
    public RunDirectoryInUseException(string directory, int? processId)
        : base($"{directory} is in use by a run training there now " +
               $"({(processId is { } id ? $"process {id}" : "another process")}): wait for it to end or stop it, " +
               "or choose another outputDir")
    {
        Directory = directory;
        HeldByALiveRun = true;
        ProcessId = processId;
    }

    /// <summary>The output directory.</summary>
    public string Directory { get; }

    /// <summary>The newest file of the other run (a checkpoint, or loss.csv); null when the directory is held by a
    /// live run.</summary>
    public string? Newest { get; }

    /// <summary>True when the other files are a later part of the run being resumed, not another run.</summary>
    public bool NewerThanResumed { get; }

    /// <summary>True when another process holds the directory's lock: a run training there now.</summary>
    public bool HeldByALiveRun { get; }

    /// <summary>The id of the process that holds the lock, when it could be read.</summary>
    public int? ProcessId { get; }
}
