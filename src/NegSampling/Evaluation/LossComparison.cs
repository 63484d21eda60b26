using NegSampling.Formats;

namespace NegSampling.Evaluation;

/// <summary>Two loss logs (loss.csv) aligned on their steps.</summary>
public sealed record LossComparison(int CommonSteps, double MaxAbsDifference, double MaxRelDifference,
    double OursFinal, double ReferenceFinal)
{
    /// <summary>Compares two loss.csv files (ours and a reference's, such as the PyTorch reference's) on the steps
    /// both have.</summary>
    public static LossComparison Compare(string ours, string reference) =>
        Compare(LossCsv.Read(ours), LossCsv.Read(reference));

    /// <summary>True when the file is a loss log (loss.csv's header line).</summary>
    public static bool IsLossLog(string path) =>
        File.Exists(path) && File.ReadLines(path).FirstOrDefault() == LossCsv.Header;

    /// <summary>Compares two loss logs on the steps both have.</summary>
    internal static LossComparison Compare(IReadOnlyList<LossRecord> ours, IReadOnlyList<LossRecord> reference)
    {
        var byStep = reference.ToDictionary(r => r.Step, r => r.Loss);
        var pairs = ours.Where(r => byStep.ContainsKey(r.Step)).Select(r => (Ours: r.Loss,
            Reference: byStep[r.Step])).ToList();
        if (pairs.Count == 0) throw new InvalidDataException("the two loss logs share no step");
        return new LossComparison(pairs.Count,
            pairs.Max(p => Math.Abs(p.Ours - p.Reference)),
            pairs.Max(p => Math.Abs(p.Ours - p.Reference) / Math.Max(Math.Abs(p.Reference), 1e-12)),
            pairs[^1].Ours, pairs[^1].Reference);
    }
}
