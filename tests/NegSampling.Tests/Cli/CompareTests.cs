using NegSampling.Cli;
using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Tests.Evaluation;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Cli;

[TestFixture, Category("PyTorchParity")]
public sealed class CompareTests
{
    [Test]
    public void Vectors_DifferencesCosinesAndNeighbours()
    {
        using var a = WordVectorsTests.Toy();
        var shifted = a.Vectors.clone();
        shifted[2, 0] = shifted[2, 0] + 0.5f; // king: (1, 0, 1, 0) -> (1.5, 0, 1, 0)
        using var b = new WordVectors(a.Words.Reverse().ToList(), shifted.flip(0)); // same words, other order
        var c = VectorComparison.Compare(a, b, ["cat", "king"], top: 2);
        Assert.That(c.CommonWords, Is.EqualTo(7));
        Assert.That(c.MaxAbsDifference, Is.EqualTo(0.5).Within(1e-7));
        Assert.That(c.MaxRelDifference, Is.EqualTo(0.5 / 1.5).Within(1e-7));
        Assert.That(c.WorstWord, Is.EqualTo("king"));
        Assert.That(c.MinCosine, Is.EqualTo(2.5 / (Math.Sqrt(2) * Math.Sqrt(3.25))).Within(1e-7));
        Assert.That(c.Neighbours.Single(n => n.Word == "cat").Overlap, Is.EqualTo(1.0));
    }

    [Test]
    public void Cli_ComparesVectorFilesAndLossLogs()
    {
        using var dir = new TempDir();
        using var a = WordVectorsTests.Toy();
        var fileA = dir.File("a.txt");
        var fileB = dir.File("b.bin");
        a.Save(fileA, VectorFormat.Word2Vec);
        a.Save(fileB, VectorFormat.Word2VecBinary);
        var result = CliRunner.Run("compare", "--ours", fileA, "--reference", fileB, "--words", "cat", "man");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out,
            Does.Contain("max abs diff 0.000E+000").And.Contain("min 1 ").And.Contain("mean most_similar overlap: " +
                "100.0%"));

        var lossA = dir.File("a.csv");
        var lossB = dir.File("b.csv");
        LossCsv.Write(lossA, [new LossRecord(20, 1, 20, 4.0), new LossRecord(40, 1, 40, 3.0)]);
        LossCsv.Write(lossB, [new LossRecord(20, 1, 20, 4.0), new LossRecord(40, 1, 40, 3.3)]);
        var losses = CliRunner.Run("compare", "--ours", lossA, "--reference", lossB);
        Assert.That(losses.Out,
            Does.Contain("2 common steps").And.Contain("max abs diff 3.000E-001").And.Contain("final 3 vs 3.3"));
    }
}
