using NegSampling.Training;
using static TorchSharp.torch;

namespace NegSampling.Evaluation;

/// <summary>How far apart two sets of word vectors are, row by row and in the neighbours they give.</summary>
public sealed record VectorComparison(
    int CommonWords, int OnlyOurs, int OnlyReference, double MaxAbsDifference, double MaxRelDifference,
    double MinCosine, double MeanCosine, string WorstWord, IReadOnlyList<NeighbourAgreement> Neighbours)
{
    public double MeanNeighbourOverlap => Neighbours.Count == 0 ? 1 : Neighbours.Average(n => n.Overlap);

    /// <summary>Compares the rows of the words both files have; sample words are checked for most_similar agreement.</summary>
    public static VectorComparison Compare(WordVectors ours, WordVectors reference, IReadOnlyList<string> sampleWords, int top = 10)
    {
        var common = ours.Words.Where(reference.Contains).ToList();
        if (common.Count == 0) throw new InvalidDataException("the two files have no word in common");
        if (ours.Dimensions != reference.Dimensions)
            throw new InvalidDataException($"dimensions differ: ours {ours.Dimensions}, reference {reference.Dimensions}");
        using var scope = NewDisposeScope();
        var a = ours.Vectors.index_select(0, tensor(common.Select(w => (long)ours.IdOf(w)).ToArray())).to_type(ScalarType.Float64);
        var b = reference.Vectors.index_select(0, tensor(common.Select(w => (long)reference.IdOf(w)).ToArray())).to_type(ScalarType.Float64);
        var diff = (a - b).abs();
        var rel = diff / b.abs().clamp_min(1e-12);
        var cosine = (a * b).sum(1) / (a.norm(1) * b.norm(1)).clamp_min(1e-300);
        var worst = (int)cosine.argmin().item<long>();
        var neighbours = sampleWords.Where(w => ours.Contains(w) && reference.Contains(w))
            .Select(w => NeighbourAgreement.Of(w, ours.MostSimilar(w, top), reference.MostSimilar(w, top))).ToList();
        return new VectorComparison(common.Count, ours.Count - common.Count, reference.Words.Count(w => !ours.Contains(w)),
            diff.max().item<double>(), rel.max().item<double>(), cosine.min().item<double>(), cosine.mean().item<double>(),
            common[worst], neighbours);
    }
}

/// <summary>Agreement of two top-k neighbour lists: the shared fraction, and whether the first neighbour is the same.</summary>
public sealed record NeighbourAgreement(string Word, double Overlap, bool SameFirst, IReadOnlyList<string> Ours, IReadOnlyList<string> Reference)
{
    public static NeighbourAgreement Of(string word, IReadOnlyList<Neighbour> ours, IReadOnlyList<Neighbour> reference)
    {
        var o = ours.Select(n => n.Word).ToList();
        var r = reference.Select(n => n.Word).ToList();
        return new NeighbourAgreement(word, (double)o.Intersect(r).Count() / Math.Max(1, Math.Max(o.Count, r.Count)),
            o.FirstOrDefault() == r.FirstOrDefault(), o, r);
    }
}

/// <summary>Two loss logs (loss.csv) aligned on their steps.</summary>
public sealed record LossComparison(int CommonSteps, double MaxAbsDifference, double MaxRelDifference, double OursFinal, double ReferenceFinal)
{
    public static LossComparison Compare(IReadOnlyList<LossRecord> ours, IReadOnlyList<LossRecord> reference)
    {
        var byStep = reference.ToDictionary(r => r.Step, r => r.Loss);
        var pairs = ours.Where(r => byStep.ContainsKey(r.Step)).Select(r => (Ours: r.Loss, Reference: byStep[r.Step])).ToList();
        if (pairs.Count == 0) throw new InvalidDataException("the two loss logs share no step");
        return new LossComparison(pairs.Count,
            pairs.Max(p => Math.Abs(p.Ours - p.Reference)),
            pairs.Max(p => Math.Abs(p.Ours - p.Reference) / Math.Max(Math.Abs(p.Reference), 1e-12)),
            pairs[^1].Ours, pairs[^1].Reference);
    }
}
