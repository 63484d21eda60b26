using System.Diagnostics;
using NegSampling.Runtime;
using static TorchSharp.torch;

namespace NegSampling.Sampling;

/// <summary>What one batch of negatives costs in each sampler mode (the CLI's bench sampler prints it).</summary>
public static class SamplerTiming
{
    /// <summary>
    /// Sorted milliseconds of <paramref name="repeats"/> batches of <paramref name="rows"/> x
    /// <paramref name="negatives"/> draws from unigram^0.75 of <paramref name="counts"/>, after 20 untimed ones.
    /// </summary>
    public static double[] Milliseconds(SamplerMode mode, IReadOnlyList<double> counts, int rows, int negatives,
        int repeats)
    {
        NativeRuntime.Prepare();
        using var sampler = INegativeSampler.Create(counts, 0.75, negatives, mode, seed: 1);
        using var target = randint(0, counts.Count, [rows], ScalarType.Int64, generator: new Generator(2));
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
