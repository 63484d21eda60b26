using System.CommandLine;
using System.Globalization;
using NegSampling.Evaluation;

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
        };
        var command = new Command("compare", "differences between two exported embeddings or two loss logs") { ours,
            reference, words, top };
        command.SetAction(parsed =>
        {
            var (a, b) = (parsed.GetValue(ours)!, parsed.GetValue(reference)!);
            if (LossComparison.IsLossLog(a) || LossComparison.IsLossLog(b)) CompareLosses(context.Out, a, b);
            else CompareVectors(context.Out, a, b, parsed.GetValue(words), parsed.GetValue(top));
            return 0;
        });
        return command;
    }

    private static void CompareLosses(TextWriter o, string a, string b)
    {
        var losses = LossComparison.Compare(a, b);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loss logs: {losses.CommonSteps} common steps, max abs diff {losses.MaxAbsDifference:E3}, " +
            $"max rel diff {losses.MaxRelDifference:E3}, final {losses.OursFinal:0.######} vs " +
            $"{losses.ReferenceFinal:0.######}"));
    }

    private static void CompareVectors(TextWriter o, string a, string b, string[]? words, int top)
    {
        CliContext.EnsureTorch();
        var c = VectorComparison.Compare(a, b, words is { Length: > 0 } ? words : null, top, SampleWords);
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
