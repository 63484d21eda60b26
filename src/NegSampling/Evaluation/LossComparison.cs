using NegSampling.Formats;

namespace NegSampling.Evaluation;

/// <summary>Two loss logs (loss.csv) aligned on their steps.</summary>
public sealed record LossComparison(int CommonSteps, double MaxAbsDifference, double MaxRelDifference,
    double OursFinal, double ReferenceFinal)
{
    /// <summary>Compares two loss logs on the steps both have.</summary>
    public static LossComparison Compare(IReadOnlyList<LossRecord> ours, IReadOnlyList<LossRecord> reference)
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
