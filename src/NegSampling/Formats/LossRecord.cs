namespace NegSampling.Formats;

/// <summary>The average loss over the logInterval iterations ending at global step <see cref="Step"/>.</summary>
public sealed record LossRecord(long Step, int Epoch, long Iteration, double Loss)
{
    /// <summary>True when <paramref name="path"/> is a file whose first line is loss.csv's header.</summary>
    public static bool IsLossLog(string path) =>
        File.Exists(path) && File.ReadLines(path).FirstOrDefault() == LossCsv.Header;

    /// <summary>The records of a loss log (a run's loss.csv, or the PyTorch reference's --out-loss file); a
    /// malformed line is an <see cref="InvalidDataException"/> naming the file and the line.</summary>
    public static IReadOnlyList<LossRecord> ReadLossLog(string path) => LossCsv.Read(path);
}
