namespace NegSampling.Tests.Support;

/// <summary>Pearson's chi-square goodness-of-fit test, with its p-value from the regularised incomplete gamma
/// function.</summary>
public static class ChiSquare
{
    /// <summary>The chance of a statistic at least this large when the counts do follow the probabilities.</summary>
    public static double PValue(IReadOnlyList<long> observed, IReadOnlyList<double> probabilities)
    {
        var total = observed.Sum();
        var statistic = 0.0;
        var cells = 0;
        for (var i = 0; i < observed.Count; i++)
        {
            var expected = total * probabilities[i];
            if (expected == 0)
            {
                if (observed[i] != 0) return 0; // an impossible outcome happened
                continue;
            }
            statistic += (observed[i] - expected) * (observed[i] - expected) / expected;
            cells++;
        }
        return UpperRegularizedGamma((cells - 1) / 2.0, statistic / 2);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a): a series below a + 1, Lentz's continued fraction above.</summary>
    private static double UpperRegularizedGamma(double a, double x)
    {
        if (x <= 0) return 1;
        var logPrefix = -x + a * Math.Log(x) - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (var n = 1; n < 10_000 && Math.Abs(term) > Math.Abs(sum) * 1e-16; n++)
            {
                term *= x / (a + n);
                sum += term;
            }
            return 1 - sum * Math.Exp(logPrefix);
        }
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(logPrefix) * h;
    }

    /// <summary>Lanczos approximation (g = 7, n = 9).</summary>
    private static double LogGamma(double x)
    {
        double[] c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7];
        x -= 1;
        var sum = c[0];
        for (var i = 1; i < 9; i++) sum += c[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
