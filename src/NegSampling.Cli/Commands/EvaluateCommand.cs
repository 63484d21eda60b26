using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NegSampling.Evaluation;

namespace NegSampling.Cli.Commands;

public static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var vectors = VectorOptions.Vectors();
        var analogies = new Option<string?>("--analogies") { Description = "questions-words file (default: eval/questions-words.txt in the data directory)" };
        var similarity = new Option<string?>("--similarity") { Description = "word-pairs file (default: eval/wordsim353.tsv in the data directory)" };
        var json = new Option<bool>("--json") { Description = "print the results as JSON" };
        var command = new Command("evaluate", "analogy accuracy and word-similarity correlation, as gensim computes them") { vectors, analogies, similarity, json };
        command.SetAction(parsed =>
        {
            var data = context.DataDirectory(parsed);
            var analogyPath = parsed.GetValue(analogies) ?? Path.Combine(data, "eval", "questions-words.txt");
            var pairsPath = parsed.GetValue(similarity) ?? Path.Combine(data, "eval", "wordsim353.tsv");
            using var wv = VectorOptions.Load(parsed, vectors);
            var analogy = AnalogyEvaluation.Evaluate(wv, analogyPath);
            var pairs = WordPairEvaluation.Evaluate(wv, pairsPath);
            if (parsed.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    vectors = parsed.GetValue(vectors),
                    words = wv.Count,
                    dimensions = wv.Dimensions,
                    analogies = new
                    {
                        file = analogyPath, accuracy = analogy.Total.Accuracy, correct = analogy.Total.Correct, questions = analogy.Total.Count,
                        skipped = analogy.Skipped,
                        sections = analogy.Sections.Select(s => new { name = s.Name, accuracy = s.Accuracy, correct = s.Correct, questions = s.Count }),
                    },
                    similarity = new { file = pairsPath, pearson = pairs.Pearson, spearman = pairs.Spearman, pairs = pairs.Pairs, oovRatio = pairs.OovRatio },
                }, new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            var o = context.Out;
            o.WriteLine($"vectors: {parsed.GetValue(vectors)} ({wv.Count:N0} words x {wv.Dimensions})");
            o.WriteLine();
            o.WriteLine($"{"analogy section",-30} {"correct",8} {"questions",10} {"accuracy",9}");
            foreach (var s in analogy.Sections.Append(analogy.Total))
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Name,-30} {s.Correct,8} {s.Count,10} {s.Accuracy * 100,8:0.0}%"));
            o.WriteLine($"({analogy.Skipped:N0} questions skipped: a word outside the vocabulary)");
            o.WriteLine();
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"word pairs: Spearman {pairs.Spearman:0.000}, Pearson {pairs.Pearson:0.000} over {pairs.Pairs} pairs (OOV {pairs.OovRatio:0.0}%)"));
            return 0;
        });
        return command;
    }
}
