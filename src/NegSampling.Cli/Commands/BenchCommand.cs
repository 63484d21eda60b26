using System.CommandLine;
using System.Diagnostics;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Cli.Commands;

/// <summary>Timings, printed (never asserted): the sampler alone, and training runs.</summary>
public static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("bench", "benchmarks that print timings");
        command.Subcommands.Add(SamplerCommand(context));
        return command;
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
