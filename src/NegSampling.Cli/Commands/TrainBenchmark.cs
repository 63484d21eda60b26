using System.Diagnostics;
using System.Globalization;
using NegSampling.Data;
using NegSampling.Evaluation;
using NegSampling.Runtime;
using NegSampling.Training;

namespace NegSampling.Cli.Commands;

/// <summary>
/// One timed training run of a config (into a temporary directory, deleted after): load time, words/s,
/// step times and peak RSS, optionally the quality, and optionally the same run beside a busy neighbour.
/// </summary>
public sealed class TrainBenchmark(string configPath, IReadOnlyList<string> overrides, string dataDirectory,
    int? maxSteps)
{
    /// <summary>Times the run; with <paramref name="evaluate"/> also scores the vectors, with <paramref
    /// name="busyNeighbour"/> also times the same run on the same data beside a thread that keeps one core
    /// busy.</summary>
    public Dictionary<string, object?> Run(bool evaluate, bool busyNeighbour)
    {
        var settings = Settings();
        var loadWatch = Stopwatch.StartNew();
        using var data = TrainingData.Load(settings, dataDirectory);
        var loadSeconds = loadWatch.Elapsed.TotalSeconds;
        var (timer, seconds, vectors) = Train(settings, data, evaluate);
        var times = timer.SteadyMilliseconds();
        var figures = new Dictionary<string, object?>
        {
            ["config"] = configPath,
            ["mode"] = settings.Mode.ToString(),
            ["threads"] = TorchSharp.torch.get_num_threads(),
            ["workers"] = settings.Workers,
            ["tokens"] = data.Ids.Length,
            ["vocabulary"] = data.Vocabulary.Count,
            ["steps"] = timer.Steps,
            ["seconds"] = seconds,
            ["loadSeconds"] = loadSeconds,
            ["wordsPerSecond"] = timer.Last?.WordsPerSecond,
            ["msPerStepMedian"] = Percentile(times, 50),
            ["msPerStepMean"] = times.Count == 0 ? null : times.Average(),
            ["msPerStepP99"] = Percentile(times, 99),
            ["peakRssMb"] = PeakRssMegabytes(),
        };
        if (vectors is not null)
        {
            using (vectors)
            {
                figures["analogyAccuracy"] = AnalogyEvaluation.Evaluate(vectors,
                    DataFile.Analogies.PathIn(dataDirectory)).Total.Accuracy;
                figures["wordsim353Spearman"] = WordPairEvaluation.Evaluate(vectors,
                    DataFile.WordSim353.PathIn(dataDirectory)).Spearman;
            }
        }
        if (busyNeighbour) AddBusyNeighbourRun(figures, settings, data, seconds);
        return figures;
    }

    /// <summary>Times the run again while a thread keeps one core busy; adds its figures and the ratio to the run
    /// alone.</summary>
    private void AddBusyNeighbourRun(Dictionary<string, object?> figures, TrainingConfig settings, TrainingData data,
        double aloneSeconds)
    {
        using var stop = new CancellationTokenSource();
        var neighbour = new Thread(() =>
            { while (!stop.IsCancellationRequested) Thread.SpinWait(1000); })
        { IsBackground = true };
        neighbour.Start();
        var (timer, seconds, _) = Train(settings, data, evaluate: false);
        stop.Cancel();
        neighbour.Join();
        var times = timer.SteadyMilliseconds();
        figures["busyNeighbourSeconds"] = seconds;
        figures["busyNeighbourMsPerStepMedian"] = Percentile(times, 50);
        figures["busyNeighbourMsPerStepP99"] = Percentile(times, 99);
        figures["busyNeighbourSlowdown"] = seconds / aloneSeconds;
    }

    private TrainingConfig Settings()
    {
        var settings = TrainingConfig.Load(configPath);
        settings.Override(overrides);
        settings.OutputDir = null; // timing only: no checkpoint files
        settings.Validate();
        TorchThreads.Use(settings.EffectiveThreads);
        return settings;
    }

    private (StepTimer Timer, double Seconds, WordVectors? Vectors) Train(TrainingConfig settings, TrainingData data,
        bool evaluate)
    {
        using var stop = new CancellationTokenSource();
        var timer = new StepTimer(maxSteps, stop);
        using var trainer = new Trainer(settings, data);
        var watch = Stopwatch.StartNew();
        trainer.Run(timer, stop.Token);
        var seconds = watch.Elapsed.TotalSeconds;
        return (timer, seconds, evaluate ? new WordVectors(data.Vocabulary.Words, trainer.Model.WIn.detach()) : null);
    }

    private static double? Percentile(IReadOnlyList<double> sorted, int percent) =>
        sorted.Count == 0 ? null : sorted[Math.Min(sorted.Count - 1, sorted.Count * percent / 100)];

    /// <summary>Peak resident set size (VmHWM on Linux), in MB.</summary>
    private static double PeakRssMegabytes()
    {
        const string status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:",
            StringComparison.Ordinal)) : null;
        return line is not null
            ? double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
                CultureInfo.InvariantCulture) / 1024
            : Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>Collects step times and stops the run after a number of steps.</summary>
    private sealed class StepTimer(int? maxSteps, CancellationTokenSource stop) : ITrainingObserver
    {
        private readonly List<double> milliseconds = [];
        private TimeSpan last;

        public int Steps => milliseconds.Count;
        public TrainingProgress? Last { get; private set; }

        public void OnStep(TrainingProgress p)
        {
            milliseconds.Add((p.Elapsed - last).TotalMilliseconds);
            last = p.Elapsed;
            Last = p;
            if (maxSteps is { } max && milliseconds.Count >= max) stop.Cancel();
        }

        /// <summary>The step times without the warm-up (the first tenth, at most 10), sorted.</summary>
        public List<double> SteadyMilliseconds() =>
            milliseconds.Skip(Math.Min(10, milliseconds.Count / 10)).Order().ToList();
    }
}
