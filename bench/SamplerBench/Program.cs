using System.CommandLine;
using System.Diagnostics;
using NegSampling.Cli.Commands;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.SamplerBench;

/// <summary>
/// ms per batch of negatives in each sampler mode, on the same Zipf counts: the book's CPU branch (excludeTarget),
/// its GPU branch (multinomial) and the fast mode's alias sampler. Prints figures, asserts nothing.
/// </summary>
public static class Program
{
    private const string Usage = "usage: dotnet run -c Release --project bench/SamplerBench -- [--rows N] " +
        "[--vocab V] [--negatives K] [--repeats R]";

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Parses the options, times every mode and prints a line each; bad options are one line and exit 2.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var rows = Count("--rows", "targets per batch", 100);
        var vocab = Count("--vocab", "vocabulary size (Zipf counts: the r-th word seen 1e6 / r times)", 10_000);
        var negatives = Count("--negatives", "negatives per target", 5);
        var repeats = Count("--repeats", "timed batches (after 20 untimed ones)", 500);
        var root = new RootCommand("ms per batch of negatives, in each sampler mode")
        {
            rows, vocab, negatives, repeats,
        };
        root.SetAction(parsed =>
        {
            var (b, v, n, r) = (parsed.GetValue(rows), parsed.GetValue(vocab), parsed.GetValue(negatives),
                parsed.GetValue(repeats));
            if (n >= v)
                return Refuse(error, $"--negatives: expected fewer than --vocab ({v}: excludeTarget draws from the " +
                    $"other words), found {n}");
            Word2Vec.PrepareRuntime();
            var counts = Enumerable.Range(1, v).Select(rank => 1e6 / rank).ToArray();
            output.WriteLine($"sampler: {b} rows x {n} negatives, V = {v} (Zipf counts), {r} batches, " +
                $"{get_num_threads()} threads");
            foreach (var mode in Enum.GetValues<SamplerMode>())
            {
                var times = Milliseconds(mode, counts, b, n, r);
                output.WriteLine($"  {mode,-14} median {times[r / 2]:0.000} ms/batch   p90 " +
                    $"{times[r * 9L / 10]:0.000} ms");
            }
            output.WriteLine("  (the book's numpy loop: about 100 x 50 us = 5 ms per batch)");
            return 0;
        });
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0) return Refuse(error, parsed.Errors[0].Message);
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"error: {e.GetBaseException().Message.Split('\n')[0]}");
            return 1;
        }
    }

    private static int Refuse(TextWriter error, string problem)
    {
        error.WriteLine($"error: {problem}");
        error.WriteLine(Usage);
        return 2;
    }

    private static Option<int> Count(string name, string description, int byDefault) =>
        new Option<int>(name) { Description = description, DefaultValueFactory = _ => byDefault }
            .AtLeast(1, "1 or more");

    /// <summary>Sorted milliseconds of <paramref name="repeats"/> batches of <paramref name="rows"/> x
    /// <paramref name="negatives"/> draws from unigram^0.75 of <paramref name="counts"/>, after 20 untimed ones.
    /// </summary>
    private static double[] Milliseconds(SamplerMode mode, double[] counts, int rows, int negatives, int repeats)
    {
        using var sampler = INegativeSampler.Create(counts, 0.75, negatives, mode, seed: 1);
        using var target = randint(0, counts.Length, [rows], ScalarType.Int64, generator: new Generator(2));
        var times = new double[repeats];
        for (var i = -20; i < repeats; i++)
        {
            using var scope = NewDisposeScope();
            var started = Stopwatch.GetTimestamp();
            sampler.Sample(target);
            if (i >= 0) times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        return times;
    }
}
