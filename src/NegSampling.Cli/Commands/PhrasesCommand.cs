using System.CommandLine;
using NegSampling.Data;
using NegSampling.Phrasing;

namespace NegSampling.Cli.Commands;

/// <summary>negsampling phrases: the corpus with its phrases joined (gensim's Phrases, learnt and applied).</summary>
public static class PhrasesCommand
{
    public static Command Create(CliContext context)
    {
        var corpus = new Option<string>("--corpus")
        {
            Description = "ptb, ptb-test (in the data directory), or a file or a directory (plain, gzip, bzip2 or " +
                "zip), as the corpus key reads it",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "the file to write (never an existing one)",
            Required = true
        };
        var threshold = new Option<double>("--threshold")
        {
            Description = "a pair is a phrase when it scores above this (default scorer: above 0; npmi: -1 to 1)",
            DefaultValueFactory = _ => 10,
        };
        var minCount = new Option<int>("--min-count")
        {
            Description = "gensim's min_count",
            DefaultValueFactory = _ => 5
        };
        var passes = new Option<int>("--passes")
        {
            Description = "passes (2: phrases of up to four words)",
            DefaultValueFactory = _ => 1
        };
        var scorer = new Option<string>("--scorer")
        {
            Description = "default (word2phrase's) or npmi",
            DefaultValueFactory = _ => "default"
        }.OneOf("default", "npmi");
        var maxBigrams = new Option<long>("--max-bigrams")
        {
            Description = "the most bigram types held while counting; past it the rarest are dropped",
            DefaultValueFactory = _ => 40_000_000,
        };
        var command = new Command("phrases",
            "write the corpus with its phrases joined by _ (new_york), as gensim's Phrases learns and applies them")
            { corpus, output, threshold, minCount, passes, scorer, maxBigrams };
        command.SetAction(parsed =>
        {
            var options = new Dictionary<string, string>
            {
                ["threshold"] = threshold.Name,
                ["minCount"] = minCount.Name,
                ["passes"] = passes.Name,
                ["scorer"] = scorer.Name,
                ["maxBigrams"] = maxBigrams.Name,
            };
            IReadOnlyList<IReadOnlyDictionary<string, double>> learnt;
            try
            {
                var name = parsed.GetValue(corpus)!;
                var path = DataFile.FindCorpus(name) is { } named ? named.PathIn(context.DataDirectory(parsed)) : name;
                learnt = Phrases.Write(path, parsed.GetValue(output)!,
                    parsed.GetValue(threshold), parsed.GetValue(minCount), parsed.GetValue(passes),
                    parsed.GetValue(scorer) == "npmi" ? PhraseScorer.Npmi : PhraseScorer.Default,
                    parsed.GetValue(maxBigrams));
            }
            catch (ArgumentOutOfRangeException e) when (e.ParamName is { } name && options.ContainsKey(name))
            {
                // The library names its parameter; the user typed the option.
                throw new CliException($"{options[name]}: {e.Message.Split(" (Parameter")[0]}");
            }
            for (var pass = 0; pass < learnt.Count; pass++)
                context.Out.WriteLine($"pass {pass + 1}: {learnt[pass].Count:N0} phrases joined" + (learnt[pass].Count
                    > 0 ? $", e.g. {string.Join(' ', learnt[pass].OrderByDescending(p => p.Value).Take(5)
                        .Select(p => p.Key))}" : ""));
            context.Out.WriteLine($"wrote {context.Shown(parsed.GetValue(output)!)}");
            return 0;
        });
        return command;
    }
}
