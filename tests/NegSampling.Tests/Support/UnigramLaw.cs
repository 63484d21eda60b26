namespace NegSampling.Tests.Support;

/// <summary>The law every negative sampler is tested against, written out independently of the samplers.</summary>
internal static class UnigramLaw
{
    /// <summary>Fails a correct sampler with probability below one in a million.</summary>
    public const double Significance = 1e-6;

    /// <summary>Word counts with a zero and ties.</summary>
    public static readonly double[] Counts = [40, 25, 12, 9, 6, 0, 4, 2, 1, 1];

    /// <summary>counts^power, normalised.</summary>
    public static double[] PowerDistribution(double[] counts, double power)
    {
        var raised = counts.Select(c => Math.Pow(c, power)).ToArray();
        return raised.Select(r => r / raised.Sum()).ToArray();
    }

    /// <summary>How often each id of 0..size-1 was drawn.</summary>
    public static long[] Histogram(IEnumerable<long> draws, int size)
    {
        var histogram = new long[size];
        foreach (var id in draws) histogram[id]++;
        return histogram;
    }
}
