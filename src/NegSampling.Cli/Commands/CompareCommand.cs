using System.CommandLine;
using System.Globalization;
using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Training;

namespace NegSampling.Cli.Commands;

public static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var ours = new Option<string>("--ours") { Description = "our vectors (word2vec file or checkpoint) or loss.csv", Required = true };
        var reference = new Option<string>("--reference") { Description = "the reference's vectors or loss log, same kind", Required = true };
        var words = new Option<string[]>("--words") { Description = "words whose most_similar lists are compared (default: the 10 most frequent)", AllowMultipleArgumentsPerToken = true };
        var top = new Option<int>("--top") { Description = "neighbours compared per word", DefaultValueFactory = _ => 10 };
        var command = new Command("compare", "differences between two exported embeddings or two loss logs") { ours, reference, words, top };
        command.SetAction(parsed =>
        {
            var (a, b) = (parsed.GetValue(ours)!, parsed.GetValue(reference)!);
            var o = context.Out;
            if (IsLossLog(a) || IsLossLog(b))
            {
                var losses = LossComparison.Compare(LossCsv.Read(a), LossCsv.Read(b));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"loss logs: {losses.CommonSteps} common steps, max abs diff {losses.MaxAbsDifference:E3}, max rel diff {losses.MaxRelDifference:E3}, final {losses.OursFinal:0.######} vs {losses.ReferenceFinal:0.######}"));
                return 0;
            }
            CliContext.EnsureTorch();
            using var x = WordVectors.Load(a);
            using var y = WordVectors.Load(b);
            var sample = parsed.GetValue(words) is { Length: > 0 } given ? given : y.Words.Take(10).ToArray();
            var c = VectorComparison.Compare(x, y, sample, parsed.GetValue(top));
            o.WriteLine($"words: {c.CommonWords:N0} in both, {c.OnlyOurs:N0} only in ours, {c.OnlyReference:N0} only in the reference");
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"max abs diff {c.MaxAbsDifference:E3}, max rel diff {c.MaxRelDifference:E3}"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"row cosine: min {c.MinCosine:0.######} ('{c.WorstWord}'), mean {c.MeanCosine:0.######}"));
            foreach (var n in c.Neighbours)
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {n.Word,-15} top-{parsed.GetValue(top)} overlap {n.Overlap * 100:0}%{(n.SameFirst ? "" : "  (first neighbour differs)")}  ours: {string.Join(" ", n.Ours.Take(5))} | reference: {string.Join(" ", n.Reference.Take(5))}"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean most_similar overlap: {c.MeanNeighbourOverlap * 100:0.0}%"));
            return 0;
        });
        return command;
    }

    private static bool IsLossLog(string path) =>
        File.Exists(path) && File.ReadLines(path).FirstOrDefault() == LossCsv.Header;
}
