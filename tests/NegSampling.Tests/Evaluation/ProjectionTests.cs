using System.Globalization;
using NegSampling.Evaluation;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Evaluation;

[TestFixture, Category("Evaluation")]
public sealed class ProjectionTests
{
    /// <summary>
    /// Three points m + w_i e1 + u_i e2 with e1 = (2, 1, 2) / 3 and e2 = (1, 2, -2) / 3 orthonormal, m = (1, 0, 1),
    /// w = (1, -5, 4) and u = (3, -1, -2): both sum to 0 and are orthogonal, so they are the principal coordinates,
    /// w first (|w|^2 = 42 against 14). Signs: w's largest entry (-5) turns it to (-1, 5, -4), u's (3) keeps it. Three
    /// points lie in a plane: the two axes hold all the variance.
    /// </summary>
    [Test]
    public void Pca_ThreePoints_HandWorked()
    {
        using var rows = tensor(new double[]
        {
            8 / 3.0, 7 / 3.0, -1 / 3.0,
            -8 / 3.0, -7 / 3.0, -5 / 3.0,
            3, 0, 5,
        }).view(3, 3);
        var (x, y, explained) = Projection.Pca(rows);
        Assert.That(x, Is.EqualTo(new[] { -1.0, 5, -4 }).Within(1e-12));
        Assert.That(y, Is.EqualTo(new[] { 3.0, -1, -2 }).Within(1e-12));
        Assert.That(explained, Is.EqualTo(1).Within(1e-12));
    }

    /// <summary>numpy's SVD of the same centred matrix, with the same sign rule, and its explained variance
    /// ratio.</summary>
    [Test]
    public void Pca_MatchesNumpy()
    {
        var python = ReferencePython.Require("numpy");
        var random = new Random(7);
        const int n = 12, h = 6;
        var values = Enumerable.Range(0, n * h).Select(i => random.NextDouble() * 4 - 2 + (i % h == 0 ? i / h : 0))
            .ToArray();
        using var dir = new TempDir();
        var file = dir.File("m.txt", string.Join("\n", Enumerable.Range(0, n).Select(r => string.Join(" ",
            values.Skip(r * h).Take(h).Select(v => v.ToString("R", CultureInfo.InvariantCulture))))));
        const string script = """
            import sys, numpy as np
            a = np.loadtxt(sys.argv[1]); c = a - a.mean(axis=0)
            u, s, vt = np.linalg.svd(c, full_matrices=False)
            p = u[:, :2] * s[:2]
            p *= np.sign(p[np.abs(p).argmax(axis=0), [0, 1]])
            print(repr((s[:2] ** 2).sum() / (s ** 2).sum()))
            for row in p: print(repr(row[0]), repr(row[1]))
            """;
        var output = ReferencePython.Run(python, ["-c", script, file], TimeSpan.FromMinutes(1));
        Assert.That(output.ExitCode, Is.EqualTo(0), output.Err);
        var lines = output.Out.Trim().Split('\n');
        var expected = lines.Skip(1).Select(l => l.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture))
            .ToArray()).ToArray();

        using var rows = tensor(values).view(n, h);
        var (x, y, explained) = Projection.Pca(rows);
        Assert.That(explained, Is.EqualTo(double.Parse(lines[0], CultureInfo.InvariantCulture)).Within(1e-12));
        Assert.That(explained, Is.LessThan(0.99), "a case where the two axes do not hold everything");
        Assert.That(x, Is.EqualTo(expected.Select(e => e[0])).Within(1e-10));
        Assert.That(y, Is.EqualTo(expected.Select(e => e[1])).Within(1e-10));
    }

    /// <summary>Two tight clusters of 15 points, 10 apart in 10 dimensions: each point's 5 nearest neighbours on the
    /// map are of its own cluster.</summary>
    [Test]
    public void Tsne_KeepsTwoClustersApart()
    {
        using var rows = TwoClusters(out var cluster);
        var (x, y) = Projection.Tsne(rows, perplexity: 5, seed: 1);
        for (var i = 0; i < x.Length; i++)
        {
            var index = i;
            var nearest = Enumerable.Range(0, x.Length).Where(j => j != index)
                .OrderBy(j => Math.Pow(x[j] - x[index], 2) + Math.Pow(y[j] - y[index], 2)).Take(5);
            Assert.That(nearest.Select(j => cluster[j]), Is.All.EqualTo(cluster[i]), $"point {i}'s neighbours");
        }
    }

    [Test]
    public void Tsne_TheSameSeedGivesTheSameMap_AnotherSeedAnother()
    {
        using var rows = TwoClusters(out _);
        var first = Projection.Tsne(rows, perplexity: 5, seed: 3, iterations: 300);
        var again = Projection.Tsne(rows, perplexity: 5, seed: 3, iterations: 300);
        var other = Projection.Tsne(rows, perplexity: 5, seed: 4, iterations: 300);
        Assert.That(again.X, Is.EqualTo(first.X));
        Assert.That(again.Y, Is.EqualTo(first.Y));
        Assert.That(other.X, Is.Not.EqualTo(first.X));
    }

    /// <summary>Each row's conditional distribution has the perplexity asked for: exp of its entropy, computed here
    /// from the probabilities.</summary>
    [TestCase(2.0)]
    [TestCase(5.0)]
    [TestCase(20.0)]
    public void Affinities_HaveTheAskedPerplexity(double perplexity)
    {
        using var rows = TwoClusters(out _);
        using var norms = rows.square().sum(1, keepdim: true);
        using var distances = (norms + norms.t() - 2 * rows.matmul(rows.t())).clamp_min(0);
        using var p = Projection.Affinities(distances, perplexity);
        var values = p.data<double>().ToArray();
        var n = (int)p.shape[0];
        for (var i = 0; i < n; i++)
        {
            var row = values.AsSpan(i * n, n).ToArray();
            Assert.That(row[i], Is.Zero, "no point is its own neighbour");
            Assert.That(row.Sum(), Is.EqualTo(1).Within(1e-12));
            var entropy = -row.Where(v => v > 0).Sum(v => v * Math.Log(v));
            Assert.That(Math.Exp(entropy), Is.EqualTo(perplexity).Within(1e-3 * perplexity), $"row {i}");
        }
    }

    [Test]
    public void WordMap_UsesUnitVectors_AndRefusesTooFewWords()
    {
        string[] words = ["a", "b", "c", "d"];
        using var vectors = new WordVectors(words, tensor(new float[] { 1, 0, 0, 1, 1, 1, -1, 0.5f }).view(4, 2));
        using var scaled = new WordVectors(words, tensor(new float[] { 5, 0, 0, 2, 3, 3, -4, 2 }).view(4, 2));
        var map = WordMap.Pca(vectors, ["a", "b", "c", "d", "a"]);
        var same = WordMap.Pca(scaled, words);
        Assert.That(map.Words, Is.EqualTo(words), "each word once, in order");
        Assert.That(map.X, Is.EqualTo(same.X).Within(1e-6));
        Assert.That(map.Y, Is.EqualTo(same.Y).Within(1e-6));
        Assert.That(map.Description, Does.StartWith("PCA of 4 words, 100.0% of the variance"));
        Assert.That(WordMap.Pca(vectors).X, Is.EqualTo(map.X), "no words: the whole vocabulary, in row order");
        Assert.That(() => WordMap.Pca(vectors, ["a", "b"]),
            Throws.ArgumentException.With.Message.EqualTo("a map needs at least 3 words; found 2"));
        Assert.That(() => WordMap.Tsne(vectors, words, perplexity: 4),
            Throws.ArgumentException.With.Message.Contains("below the number of words (4); found 4"));
        Assert.That(WordMap.Tsne(vectors, words).Perplexity, Is.EqualTo(1));
    }

    /// <summary>Points around 0 and around 10 e1 in 10 dimensions, noise 0.1 (seeded).</summary>
    private static Tensor TwoClusters(out int[] cluster)
    {
        var random = new Random(11);
        const int n = 30, h = 10;
        cluster = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
        var c = cluster;
        var values = Enumerable.Range(0, n * h).Select(k =>
            (k % h == 0 ? 10.0 * c[k / h] : 0) + 0.1 * (random.NextDouble() * 2 - 1)).ToArray();
        return tensor(values).view(n, h);
    }
}
