using System.CommandLine;
using NegSampling.Evaluation;

namespace NegSampling.Cli.Commands;

/// <summary>plot: a labelled 2-D map of chosen words (PCA or t-SNE), coloured by the groups of a file.</summary>
public static class PlotCommand
{
    public static Command Create(CliContext context)
    {
        var vectors = VectorOptions.Vectors();
        var words = new Option<string[]>("--words")
        {
            Description = "the words to map",
            AllowMultipleArgumentsPerToken = true,
        };
        var top = new Option<int?>("--top")
        {
            Description = "map the N most frequent words (a checkpoint's counts; other files: their first N rows)",
        }.AtLeast(1, "a number of words (1 or more)");
        var around = new Option<string?>("--around") { Description = "map a word and its --k nearest neighbours" };
        var k = new Option<int>("--k") { Description = "neighbours of --around", DefaultValueFactory = _ => 30 }
            .AtLeast(1, "a number of neighbours (1 or more)");
        var groups = new Option<string?>("--groups")
        {
            Description = "a file of 'group word' lines: colours the map; its words are mapped when no others " +
                          "are chosen",
        };
        var method = new Option<string>("--method")
        {
            Description = "pca or tsne (exact t-SNE, up to a few thousand words)",
            DefaultValueFactory = _ => "pca",
        }.OneOf("pca", "tsne");
        var perplexity = new Option<double?>("--perplexity")
        {
            Description = $"t-SNE's perplexity (default {WordMap.DefaultPerplexity}, lower for fewer than " +
                          $"{3 * WordMap.DefaultPerplexity + 1} words)",
        };
        var seed = new Option<int>("--seed") { Description = "t-SNE's seed", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "the PNG to write", Required = true };
        var width = PlotOptions.Width(1600);
        var height = PlotOptions.Height(1200);
        var command = new Command("plot", "a labelled 2-D map of word vectors (PCA or t-SNE) as a PNG")
        {
            vectors, words, top, around, k, groups, method, perplexity, seed, output, width, height,
        };
        command.Validators.Add(result =>
        {
            var chosen = new Option[] { words, top, around }.Count(o => result.GetResult(o) is not null);
            if (chosen > 1) result.AddError("give one of --words, --top and --around");
            else if (chosen == 0 && result.GetResult(groups) is null)
                result.AddError("give --words, --top, --around or --groups: the words to map");
            if (result.GetResult(k) is { Implicit: false } && result.GetResult(around) is null)
                result.AddError("--k counts the neighbours of --around");
            if (result.GetResult(perplexity) is not null && result.Token(method) is null or "pca")
                result.AddError("--perplexity is t-SNE's: add --method tsne");
        });
        command.SetAction(parsed =>
        {
            var grouping = parsed.GetValue(groups) is { } file ? GroupFile.Read(file) : null;
            var note = "";
            using var wv = VectorOptions.Load(parsed.GetValue(vectors)!, context.Err);
            IReadOnlyList<string> chosen;
            if (parsed.GetValue(top) is { } n) chosen = [.. wv.MostFrequentRows(n).Select(r => wv.Words[r])];
            else if (parsed.GetValue(around) is { } centre)
                chosen = [centre, .. wv.MostSimilar(centre, parsed.GetValue(k)).Select(x => x.Word)];
            else if (parsed.GetValue(words) is { Length: > 0 } listed) chosen = listed;
            else
            {
                // A groups file's words that the vectors lack are left out, and said so.
                chosen = grouping!.Select(g => g.Word).Where(wv.Contains).ToList();
                var missing = grouping!.Count - chosen.Count;
                if (missing > 0) note = $"; {missing} of the groups file's words are not in the vocabulary";
            }
            var map = parsed.GetValue(method) == "tsne"
                ? WordMap.Tsne(wv, chosen, parsed.GetValue(perplexity), parsed.GetValue(seed))
                : WordMap.Pca(wv, chosen);
            var colours = grouping?.ToDictionary(g => g.Word, g => g.Group, StringComparer.Ordinal);
            var target = parsed.GetValue(output)!;
            var labelled = WordMapPlot.Write(target, map, colours, parsed.GetValue(width), parsed.GetValue(height));
            var labels = labelled == map.Words.Count
                ? "all labelled"
                : $"{labelled} labelled, the other labels would overlap";
            context.Out.WriteLine($"wrote {target}: {map.Description} ({labels}{note})");
            return 0;
        });
        return command;
    }
}
