using NegSampling.Cli.Commands;
using NegSampling.Evaluation;
using static TorchSharp.torch;

namespace NegSampling.Cli;

/// <summary>How far apart two sets of word vectors are, row by row and in the neighbours they give.</summary>
public sealed record VectorComparison(
    int CommonWords, int OnlyOurs, int OnlyReference, double MaxAbsDifference, double MaxRelDifference,
    double MinCosine, double MeanCosine, string WorstWord, IReadOnlyList<NeighbourAgreement> Neighbours)
{
    /// <summary>The mean top-k overlap over the sample words (1 when none was compared).</summary>
    public double MeanNeighbourOverlap => Neighbours.Count == 0 ? 1 : Neighbours.Average(n => n.Overlap);

    /// <summary>
    /// Compares two vector files of any format <see cref="WordVectors.Load"/> reads. <paramref name="sampleWords"/>
    /// are checked for most_similar agreement (top <paramref name="top"/>); by default the
    /// <paramref name="sampleSize"/> most frequent words, by the counts of a checkpoint among the two files, else
    /// the reference's first words (word2vec files are written most frequent first). The loader's warnings go to
    /// <paramref name="warnings"/>.
    /// </summary>
    public static VectorComparison Compare(string ours, string reference, TextWriter warnings,
        IReadOnlyList<string>? sampleWords = null, int top = 10, int sampleSize = 20)
    {
        using var x = VectorOptions.Load(ours, warnings);
        using var y = VectorOptions.Load(reference, warnings);
        return Compare(x, y, sampleWords ?? MostFrequent(x, y, sampleSize), top);
    }

    /// <summary>The most frequent words by the counts of the first set that has them (a checkpoint's), ties in row
    /// order; else the reference's first.</summary>
    private static IReadOnlyList<string> MostFrequent(WordVectors ours, WordVectors reference, int count)
    {
        var counted = ours.Counts is null ? reference : ours;
        return counted.MostFrequentRows(count).Select(i => counted.Words[i]).ToList();
    }

    /// <summary>Compares the rows of the words both sets have; sample words are checked for most_similar
    /// agreement.</summary>
    public static VectorComparison Compare(WordVectors ours, WordVectors reference, IReadOnlyList<string> sampleWords,
        int top = 10)
    {
        var common = ours.Words.Where(reference.Contains).ToList();
        if (common.Count == 0) throw new InvalidDataException("the two files have no word in common");
        if (ours.Dimensions != reference.Dimensions)
            throw new InvalidDataException($"dimensions differ: ours {ours.Dimensions}, reference " +
                $"{reference.Dimensions}");
        using var scope = NewDisposeScope();
        var a = ours.Vectors.index_select(0,
            tensor(common.Select(w => (long)ours.IdOf(w)).ToArray())).to_type(ScalarType.Float64);
        var b = reference.Vectors.index_select(0,
            tensor(common.Select(w => (long)reference.IdOf(w)).ToArray())).to_type(ScalarType.Float64);
        var diff = (a - b).abs();
        var rel = diff / b.abs().clamp_min(1e-12);
        var cosine = (a * b).sum(1) / (a.norm(1) * b.norm(1)).clamp_min(1e-300);
        var worst = (int)cosine.argmin().item<long>();
        var neighbours = sampleWords.Where(w => ours.Contains(w) && reference.Contains(w))
            .Select(w => NeighbourAgreement.Of(w, ours.MostSimilar(w, top), reference.MostSimilar(w, top))).ToList();
        return new VectorComparison(common.Count, ours.Count - common.Count,
            reference.Words.Count(w => !ours.Contains(w)),
            diff.max().item<double>(), rel.max().item<double>(),
            cosine.min().item<double>(), cosine.mean().item<double>(),
            common[worst], neighbours);
    }
}

