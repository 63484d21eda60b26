using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace NegSampling.Cli.Commands;

/// <summary>Timings, printed (never asserted): training runs, and loading and querying vectors.</summary>
public static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("bench", "benchmarks that print timings");
        command.Subcommands.Add(TrainCommand(context));
        command.Subcommands.Add(VectorsCommand(context));
        return command;
    }

    private static Command VectorsCommand(CliContext context)
    {
        var vectors = VectorOptions.Vectors();
        var limit = VectorOptions.Limit();
        var queries = new Option<string>("--queries")
        {
            Description = "query words, one a line (the first answers first; all of them one by one, then batched)",
            Required = true,
        };
        var top = VectorOptions.Top();
        var json = new Option<bool>("--json") { Description = "print the figures as JSON" };
        var command = new Command("vectors",
            "time loading vectors and querying them: to the first answer, queries one by one and batched, RSS")
            { vectors, limit, queries, top, json };
        command.SetAction(parsed =>
        {
            var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
            double Since(DateTime t) => (DateTime.UtcNow - t).TotalSeconds;
            var words = File.ReadAllLines(parsed.GetValue(queries)!).Where(w => w.Length > 0).ToList();
            if (words.Count == 0) throw new CliException($"{parsed.GetValue(queries)}: no query words");
            var n = parsed.GetValue(top);
            var watch = DateTime.UtcNow;
            using var wv = VectorOptions.Load(parsed, vectors, limit, context.Err);
            var figures = new Dictionary<string, object?>
            {
                ["words"] = wv.Count,
                ["dimensions"] = wv.Dimensions,
                ["loadSeconds"] = Since(watch),
                ["rssBeforeQueryMb"] = TrainBenchmark.StatusMegabytes("VmRSS:"),
            };
            watch = DateTime.UtcNow;
            wv.MostSimilar(words[0], n);
            figures["firstQuerySeconds"] = Since(watch);
            figures["firstAnswerSinceStartSeconds"] = Since(started);
            watch = DateTime.UtcNow;
            foreach (var word in words) wv.MostSimilar(word, n);
            figures["queries"] = words.Count;
            figures["oneByOneSeconds"] = Since(watch);
            watch = DateTime.UtcNow;
            wv.MostSimilarBatch(words, n);
            figures["batchedSeconds"] = Since(watch);
            figures["peakRssMb"] = TrainBenchmark.PeakRssMegabytes();
            Print(context.Out, figures, parsed.GetValue(json));
            return 0;
        });
        return command;
    }

    private static Command TrainCommand(CliContext context)
    {
        var config = new Option<string>("--config") { Description = "training config", Required = true };
        var set = new Option<string[]>("--set")
        {
            Description = "override a config key (repeatable)",
            DefaultValueFactory = _ => []
        };
        var steps = new Option<int?>("--steps") { Description = "stop after this many steps (default: all epochs)" }
            .AtLeast(1, "a number of steps (1 or more)");
        var evaluate = new Option<bool>("--evaluate")
        {
            Description = "score the vectors on the data directory's analogy and WordSim-353 sets",
        };
        var busy = new Option<bool>("--busy-neighbour")
        {
            Description = "time the run again beside a thread that keeps one core busy, and print both",
        };
        var json = new Option<bool>("--json") { Description = "print the figures as JSON" };
        var command = new Command("train",
            "time a training run: load seconds, words/s, ms/step (median), peak RSS, and quality with --evaluate")
            { config, set, steps, evaluate, busy, json };
        command.SetAction(parsed =>
        {
            CliContext.EnsureTorch();
            var benchmark = new TrainBenchmark(parsed.GetValue(config)!, parsed.GetValue(set) ?? [],
                parsed.GetValue(context.DataDirOption), parsed.GetValue(steps));
            var figures = benchmark.Run(parsed.GetValue(evaluate), parsed.GetValue(busy));
            Print(context.Out, figures, parsed.GetValue(json));
            return 0;
        });
        return command;
    }

    private static void Print(TextWriter o, IReadOnlyDictionary<string, object?> figures, bool json)
    {
        if (json)
        {
            o.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions
            {
                NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
            }));
            return;
        }
        foreach (var (key, value) in figures)
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{key,-24} {(value is double d ? d.ToString("0.####", CultureInfo.InvariantCulture) : value)}"));
    }
}
