using System.Globalization;

namespace NegSampling.Formats;

/// <summary>loss.csv: step,epoch,iteration,loss — written whole to a temporary file, then renamed.</summary>
internal static class LossCsv
{
    /// <summary>The first line.</summary>
    public const string Header = "step,epoch,iteration,loss";

    /// <summary>Writes the log (atomically).</summary>
    public static void Write(string path, IEnumerable<LossRecord> history)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.WriteLine(Header);
            foreach (var r in history)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Step},{r.Epoch},{r.Iteration},{r.Loss:R}"));
        });
    }

    /// <summary>Reads a log; a malformed line is an error naming it.</summary>
    public static IReadOnlyList<LossRecord> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0
            || lines[0] != Header) throw new InvalidDataException($"{path}: line 1: expected header '{Header}'");
        return lines.Skip(1).Select((line, i) =>
        {
            var f = line.Split(',');
            if (f.Length != 4 || !long.TryParse(f[0], out var step) || !int.TryParse(f[1], out var epoch)
                || !long.TryParse(f[2], out var iteration) || !double.TryParse(f[3], NumberStyles.Float,
                    CultureInfo.InvariantCulture, out var loss))
                throw new InvalidDataException($"{path}: line {i + 2}: expected step,epoch,iteration,loss; found " +
                    $"'{line}'");
            return new LossRecord(step, epoch, iteration, loss);
        }).ToList();
    }
}
