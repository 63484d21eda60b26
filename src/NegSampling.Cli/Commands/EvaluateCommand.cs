using System.CommandLine;
using System.Globalization;
using NegSampling.Data;
using NegSampling.Evaluation;

namespace NegSampling.Cli.Commands;

public static class EvaluateCommand
{
    public static Command Create(CliContext context)
    {
        var vectors = VectorOptions.Vectors();
        var limit = VectorOptions.Limit();
        var analogies = new Option<string?>("--analogies")
        {
            Description = $"questions-words file (default: {DataFile.Analogies.RelativePath} in the data directory)",
        };
        var similarity = new Option<string?>("--similarity")
        {
            Description = $"word-pairs file (default: {DataFile.WordSim353.RelativePath} in the data directory)",
        };
        var json = VectorOptions.Json();
        var plot = new Option<string?>("--plot")
        {
            Description = "also draw a PNG: each analogy section's accuracy, and the word pairs' human scores " +
                          "against their cosine",
        };
        var width = PlotOptions.Width(1500);
        var height = PlotOptions.Height(650);
        var command = new Command("evaluate",
            "analogy accuracy and word-similarity correlation, as gensim computes them")
            { vectors, limit, analogies, similarity, json, plot, width, height };
        command.SetAction(parsed =>
        {
            var data = context.DataDirectory(parsed);
            var analogyPath = parsed.GetValue(analogies) ?? Default(DataFile.Analogies, data);
            var pairsPath = parsed.GetValue(similarity) ?? Default(DataFile.WordSim353, data);
            using var wv = VectorOptions.Load(parsed, vectors, limit, context.Err);
            var analogy = wv.EvaluateWordAnalogies(analogyPath);
            var pairs = wv.EvaluateWordPairs(pairsPath);
            if (parsed.GetValue(plot) is { } picture)
                EvaluationPlot.Write(picture, analogy, pairs, Path.GetFileName(pairsPath), parsed.GetValue(width),
                    parsed.GetValue(height));
            if (parsed.GetValue(json)) VectorOptions.WriteJson(context.Out, Json(parsed.GetValue(vectors)!, wv,
                analogyPath, analogy, pairsPath, pairs));
            else
            {
                Print(context.Out, parsed.GetValue(vectors)!, wv, analogy, pairs);
                if (parsed.GetValue(plot) is { } drawn) context.Out.WriteLine($"plot: {drawn}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>A default evaluation set's path, or a one-line error saying how to get it.</summary>
    private static string Default(DataFile file, string dataDirectory)
    {
        var path = file.PathIn(dataDirectory);
        return File.Exists(path)
            ? path
            : throw new CliException($"{file.Name} not found at {path}: " +
                $"fetch it with 'negsampling fetch {file.Name}' " +
                "(or point --data-dir / $NEGSAMPLING_DATA at a directory that has it)");
    }

    private static object Json(string source, WordVectors wv, string analogyPath, AnalogyResult analogy,
        string pairsPath, WordPairResult pairs) =>
        new
        {
            vectors = source,
            words = wv.Count,
            dimensions = wv.Dimensions,
            analogies = new
            {
                file = analogyPath,
                accuracy = analogy.Total.Accuracy,
                correct = analogy.Total.Correct,
                questions = analogy.Total.Count,
                skipped = analogy.Skipped,
                sections = analogy.Sections.Select(s => new
                {
                    name = s.Name,
                    accuracy = s.Accuracy,
                    correct = s.Correct,
                    questions = s.Count
                }),
            },
            similarity = new
            {
                file = pairsPath,
                pearson = pairs.Pearson,
                spearman = pairs.Spearman,
                pairs = pairs.Pairs,
                oovRatio = pairs.OovRatio,
            },
        };

    private static void Print(TextWriter o, string source, WordVectors wv, AnalogyResult analogy, WordPairResult pairs)
    {
        o.WriteLine($"vectors: {source} ({wv.Count:N0} words x {wv.Dimensions})");
        o.WriteLine();
        o.WriteLine($"{"analogy section",-30} {"correct",8} {"questions",10} {"accuracy",9}");
        foreach (var s in analogy.Sections.Append(analogy.Total))
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Name,-30} {s.Correct,8} {s.Count,10} {s.Accuracy * 100,8:0.0}%"));
        o.WriteLine($"({analogy.Skipped:N0} questions skipped: a word outside the vocabulary)");
        o.WriteLine();
        o.WriteLine(pairs.Spearman is { } spearman
            ? string.Create(CultureInfo.InvariantCulture,
                $"word pairs: Spearman {spearman:0.000}, Pearson {pairs.Pearson:0.000} over {pairs.Pairs} pairs (OOV " +
                $"{pairs.OovRatio:0.0}%)")
            : $"word pairs: no correlation: {pairs.Pairs} pair(s) in the vocabulary, at least 2 needed " +
              $"({pairs.OutOfVocabulary} skipped for a word outside it)");
    }
}
