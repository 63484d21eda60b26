using NegSampling.Sampling;
using NUnit.Framework;

namespace NegSampling.Tests.Sampling;

/// <summary>bench/SamplerBench: a line of figures per sampler mode; for a bad option one line and the usage.</summary>
[TestFixture, Category("Sampler")]
public sealed class SamplerBenchTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = NegSampling.SamplerBench.Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public void TimesEverySamplerMode()
    {
        var (code, output, error) = Run("--repeats", "3", "--vocab", "100");
        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.StartWith("sampler: 100 rows x 5 negatives, V = 100 (Zipf counts), 3 batches"));
        foreach (var mode in Enum.GetNames<SamplerMode>())
            Assert.That(output, Does.Match($@"\n  {mode} +median [0-9.]+ ms/batch   p90 [0-9.]+ ms"), mode);
    }

    [TestCase(new[] { "--repeats", "0" }, "--repeats: expected 1 or more, found 0")]
    [TestCase(new[] { "--rows", "-3" }, "--rows: expected 1 or more, found -3")]
    [TestCase(new[] { "--vocab", "5" }, "--negatives: expected fewer than --vocab (5: excludeTarget draws from the " +
        "other words), found 5")]
    [TestCase(new[] { "--rows", "x" }, "--rows: expected 1 or more, found x")]
    public void BadOption_OneLineTheUsageAndExit2(string[] args, string expected)
    {
        var (code, output, error) = Run(args);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error.TrimEnd().Split('\n'), Is.EqualTo(new[] { $"error: {expected}",
            "usage: dotnet run -c Release --project bench/SamplerBench -- [--rows N] [--vocab V] [--negatives K] " +
            "[--repeats R]" }));
    }
}
