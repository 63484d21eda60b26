using System.CommandLine;
using System.Globalization;
using NegSampling.Formats;

namespace NegSampling.Cli.Commands;

public static class CompareCommand
{
    private const int SampleWords = 10;

    public static Command Create(CliContext context)
    {
        var ours = new Option<string>("--ours")
        {
            Description = "our vectors (any vector file or checkpoint) or loss.csv",
            Required = true
        };
        var reference = new Option<string>("--reference")
        {
            Description = "the reference's vectors or loss log, same kind",
            Required = true
        };
        var words = new Option<string[]>("--words")
        {
            Description =
                "words whose most_similar lists are compared (default: the 10 most frequent by a checkpoint's " +
                "counts; without a checkpoint, the reference file's first 10, which word2vec.c and gensim " +
                "write most frequent first)",
            AllowMultipleArgumentsPerToken = true,
        };
        var top = new Option<int>("--top")
        {
            Description = "neighbours compared per word",
            DefaultValueFactory = _ => 10
        }.AtLeast(1, "a number of neighbours (1 or more)");
        var command = new Command("compare", "differences between two exported embeddings or two loss logs") { ours,
            reference, words, top };
        command.SetAction(parsed =>
        {
            var (a, b) = (parsed.GetValue(ours)!, parsed.GetValue(reference)!);
            if (LossRecord.IsLossLog(a) || LossRecord.IsLossLog(b)) CompareLosses(context.Out, a, b);
            else CompareVectors(context, a, b, parsed.GetValue(words), parsed.GetValue(top));
            return 0;
        });
        return command;
    }

    /// <summary>The two logs' losses at the steps both logged: the largest differences and the last losses.</summary>
    private static void CompareLosses(TextWriter o, string a, string b)
    {
        var byStep = LossRecord.ReadLossLog(b).ToDictionary(r => r.Step, r => r.Loss);
        var pairs = LossRecord.ReadLossLog(a).Where(r => byStep.ContainsKey(r.Step))
            .Select(r => (Ours: r.Loss, Reference: byStep[r.Step])).ToList();
        if (pairs.Count == 0) throw new CliException($"{a} and {b} share no step");
        var maxAbs = pairs.Max(p => Math.Abs(p.Ours - p.Reference));
        var maxRel = pairs.Max(p => Math.Abs(p.Ours - p.Reference) / Math.Max(Math.Abs(p.Reference), 1e-12));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loss logs: {pairs.Count} common steps, max abs diff {maxAbs:E3}, max rel diff {maxRel:E3}, final " +
            $"{pairs[^1].Ours:0.######} vs {pairs[^1].Reference:0.######}"));
    }

    private static void CompareVectors(CliContext context, string a, string b, string[]? words, int top)
    {
        var o = context.Out;
        var c = VectorComparison.Compare(a, b, context.Err, words is { Length: > 0 } ? words : null, top,
            SampleWords);
        o.WriteLine($"words: {c.CommonWords:N0} in both, {c.OnlyOurs:N0} only in ours, {c.OnlyReference:N0} only in " +
            $"the reference");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"max abs diff {c.MaxAbsDifference:E3}, max rel diff {c.MaxRelDifference:E3}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"row cosine: min {c.MinCosine:0.######} ('{c.WorstWord}'), mean {c.MeanCosine:0.######}"));
        foreach (var n in c.Neighbours)
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {n.Word,-15} top-{top} overlap " +
                $"{n.Overlap * 100:0}%{(n.SameFirst ? "" : "  (first neighbour differs)")}  " +
                $"ours: {string.Join(" ", n.Ours.Take(5))} | reference: {string.Join(" ", n.Reference.Take(5))}"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mean most_similar overlap: {c.MeanNeighbourOverlap * 100:0.0}%"));
    }
}
