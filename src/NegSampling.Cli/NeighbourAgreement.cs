using NegSampling.Evaluation;

namespace NegSampling.Cli;

/// <summary>Agreement of two top-k neighbour lists: the shared fraction, and whether the first neighbour is the
/// same.</summary>
public sealed record NeighbourAgreement(string Word, double Overlap, bool SameFirst, IReadOnlyList<string> Ours,
    IReadOnlyList<string> Reference)
{
    /// <summary>How far two neighbour lists for one word agree.</summary>
    public static NeighbourAgreement Of(string word, IReadOnlyList<Neighbour> ours, IReadOnlyList<Neighbour> reference)
    {
        var o = ours.Select(n => n.Word).ToList();
        var r = reference.Select(n => n.Word).ToList();
        return new NeighbourAgreement(word, (double)o.Intersect(r).Count() / Math.Max(1, Math.Max(o.Count, r.Count)),
            o.FirstOrDefault() == r.FirstOrDefault(), o, r);
    }
}
