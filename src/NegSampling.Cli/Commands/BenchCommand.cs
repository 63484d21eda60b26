using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NegSampling.Evaluation;
using NegSampling.Sampling;
using NegSampling.Training;
using static TorchSharp.torch;

namespace NegSampling.Cli.Commands;

/// <summary>Timings, printed (never asserted): the sampler alone, and training runs.</summary>
public static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("bench", "benchmarks that print timings");
        command.Subcommands.Add(SamplerCommand(context));
        command.Subcommands.Add(TrainCommand(context));
        return command;
    }

    /// <summary>Collects step times and stops the run after a number of steps.</summary>
    private sealed class StepTimer(int? maxSteps, CancellationTokenSource stop) : ITrainingObserver
    {
        private TimeSpan last;
        private long firstStep = -1;
        public List<double> StepMilliseconds { get; } = [];
        public TrainingProgress? Last { get; private set; }

        public void OnStep(TrainingProgress p)
        {
            if (firstStep < 0) firstStep = p.Step;
            StepMilliseconds.Add((p.Elapsed - last).TotalMilliseconds);
            last = p.Elapsed;
            Last = p;
            if (maxSteps is { } max && p.Step - firstStep + 1 >= max) stop.Cancel();
        }
    }

    private static Command TrainCommand(CliContext context)
    {
        var config = new Option<string>("--config") { Description = "training config", Required = true };
        var set = new Option<string[]>("--set") { Description = "override a config key (repeatable)", DefaultValueFactory = _ => [] };
        var steps = new Option<int?>("--steps") { Description = "stop after this many steps (default: all epochs)" };
        var evaluate = new Option<bool>("--evaluate") { Description = "score the vectors on the data directory's analogy and WordSim-353 sets" };
        var json = new Option<bool>("--json") { Description = "print the figures as JSON" };
        var command = new Command("train", "time a training run: words/s, ms/step (median), peak RSS, and quality with --evaluate")
            { config, set, steps, evaluate, json };
        command.SetAction(parsed =>
        {
            CliContext.EnsureTorch();
            var settings = TrainingConfig.Load(parsed.GetValue(config)!);
            settings.Override(parsed.GetValue(set) ?? []);
            var output = Directory.CreateTempSubdirectory("negsampling-bench-");
            settings.OutputDir = output.FullName;
            try
            {
                var loadWatch = Stopwatch.StartNew();
                var data = TrainingData.Load(settings, context.DataDirectory(parsed));
                var loadSeconds = loadWatch.Elapsed.TotalSeconds;
                using var stop = new CancellationTokenSource();
                var timer = new StepTimer(parsed.GetValue(steps), stop);
                using var trainer = new Trainer(settings, data);
                var watch = Stopwatch.StartNew();
                trainer.Run(timer, stop.Token);
                var seconds = watch.Elapsed.TotalSeconds;
                var times = timer.StepMilliseconds.Skip(Math.Min(10, timer.StepMilliseconds.Count / 10)).Order().ToList(); // warm-up dropped
                var figures = new Dictionary<string, object?>
                {
                    ["config"] = parsed.GetValue(config),
                    ["mode"] = settings.Mode.ToString(),
                    ["threads"] = get_num_threads(),
                    ["workers"] = settings.Workers,
                    ["steps"] = timer.StepMilliseconds.Count,
                    ["seconds"] = seconds,
                    ["loadSeconds"] = loadSeconds,
                    ["wordsPerSecond"] = timer.Last?.WordsPerSecond,
                    ["msPerStepMedian"] = times.Count == 0 ? null : times[times.Count / 2],
                    ["msPerStepMean"] = times.Count == 0 ? null : times.Average(),
                    ["msPerStepP99"] = times.Count == 0 ? null : times[times.Count * 99 / 100],
                    ["peakRssMb"] = PeakRssMegabytes(),
                };
                if (parsed.GetValue(evaluate))
                {
                    var dataDir = context.DataDirectory(parsed);
                    using var vectors = new WordVectors(data.Vocabulary.Words, trainer.Model.WIn.detach());
                    figures["analogyAccuracy"] = AnalogyEvaluation.Evaluate(vectors, Path.Combine(dataDir, "eval", "questions-words.txt")).Total.Accuracy;
                    figures["wordsim353Spearman"] = WordPairEvaluation.Evaluate(vectors, Path.Combine(dataDir, "eval", "wordsim353.tsv")).Spearman;
                }
                if (parsed.GetValue(json))
                    context.Out.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
                else
                    foreach (var (key, value) in figures)
                        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-20} {(value is double d ? d.ToString("0.####", CultureInfo.InvariantCulture) : value)}"));
                return 0;
            }
            finally { output.Delete(true); }
        });
        return command;
    }

    /// <summary>Peak resident set size (VmHWM on Linux), in MB.</summary>
    private static double PeakRssMegabytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null) return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }

    private static Command SamplerCommand(CliContext context)
    {
        var rows = new Option<int>("--rows") { Description = "targets per batch", DefaultValueFactory = _ => 100 };
        var vocab = new Option<int>("--vocab") { Description = "vocabulary size (Zipf counts)", DefaultValueFactory = _ => 10_000 };
        var k = new Option<int>("--negatives") { Description = "negatives per target", DefaultValueFactory = _ => 5 };
        var repeats = new Option<int>("--repeats") { Description = "timed batches", DefaultValueFactory = _ => 500 };
        var command = new Command("sampler", "ms per batch of negatives, both sampler modes") { rows, vocab, k, repeats };
        command.SetAction(parsed =>
        {
            CliContext.EnsureTorch();
            var (b, v, n, r) = (parsed.GetValue(rows), parsed.GetValue(vocab), parsed.GetValue(k), parsed.GetValue(repeats));
            var counts = Enumerable.Range(1, v).Select(rank => 1e6 / rank).ToArray();
            context.Out.WriteLine($"sampler: {b} rows x {n} negatives, V = {v} (Zipf counts), {r} batches, {get_num_threads()} threads");
            foreach (var mode in Enum.GetValues<SamplerMode>())
            {
                using var sampler = new UnigramSampler(counts, 0.75, n, mode, seed: 1);
                var target = randint(0, v, [b], ScalarType.Int64, generator: new Generator(2));
                var times = new double[r];
                for (var i = -20; i < r; i++)
                {
                    using var scope = NewDisposeScope();
                    var watch = Stopwatch.StartNew();
                    sampler.Sample(target);
                    if (i >= 0) times[i] = watch.Elapsed.TotalMilliseconds;
                }
                Array.Sort(times);
                context.Out.WriteLine($"  {mode,-14} median {times[r / 2]:0.000} ms/batch   p90 {times[r * 9 / 10]:0.000} ms");
            }
            context.Out.WriteLine("  (the book's numpy loop: about 100 x 50 us = 5 ms per batch)");
            return 0;
        });
        return command;
    }
}
