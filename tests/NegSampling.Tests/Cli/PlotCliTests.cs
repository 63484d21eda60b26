using System.Globalization;
using System.Text.Json.Nodes;
using NegSampling.Cli;
using NegSampling.Evaluation;
using NegSampling.Tests.Evaluation;
using NegSampling.Tests.Support;
using NUnit.Framework;
using SkiaSharp;

namespace NegSampling.Tests.Cli;

/// <summary>plot, evaluate --plot, export --format projector, and similar / analogy --json.</summary>
[TestFixture, Category("Cli")]
public sealed class PlotCliTests
{
    /// <summary>Asserts a PNG of the size asked for whose pixels are not all one shade; returns the grey
    /// variance.</summary>
    internal static double AssertPicture(string path, int width, int height)
    {
        Assert.That(File.Exists(path), $"{path} written");
        using var bitmap = SKBitmap.Decode(path);
        Assert.That(bitmap, Is.Not.Null, "a PNG that decodes");
        Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((width, height)));
        var grey = bitmap.Pixels.Select(p => (p.Red + p.Green + p.Blue) / 3.0).ToArray();
        var mean = grey.Average();
        var variance = grey.Sum(g => (g - mean) * (g - mean)) / grey.Length;
        Assert.That(variance, Is.GreaterThan(20), "not blank: points, labels and axes on white");
        return variance;
    }

    [Test]
    public void PictureCheck_FailsOnABlankImage()
    {
        using var dir = new TempDir();
        var path = dir.File("blank.png");
        using (var bitmap = new SKBitmap(50, 40))
        {
            bitmap.Erase(SKColors.White);
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, data.ToArray());
        }
        Assert.That(() => AssertPicture(path, 50, 40), Throws.InstanceOf<AssertionException>());
    }

    [Test]
    public void Plot_TopWordsOfACheckpoint_TsneWithGroups()
    {
        using var dir = new TempDir();
        var config = TinyRun.Train(dir);
        var groups = dir.File("groups.txt", "# the planted groups\n" + string.Join("\n",
            Enumerable.Range(0, 3).SelectMany(g => Enumerable.Range(0, 4).Select(w =>
                $"group{g} {PlantedCorpus.Word(g, w)}"))) + "\n");
        var map = dir.File("map.png");
        var result = CliRunner.Run("plot", "--vectors", config.OutputDir!, "--top", "13", "--groups", groups,
            "--method", "tsne", "--out", map, "--width", "640", "--height", "480");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.StartWith($"wrote {map}: t-SNE of 13 words, perplexity 4"));
        AssertPicture(map, 640, 480);

        var pca = dir.File("pca.png");
        result = CliRunner.Run("plot", "--vectors", config.OutputDir!, "--groups", groups, "--out", pca);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.Match(@"PCA of 12 words, \d+\.\d% of the variance \(all labelled\)"));
        AssertPicture(pca, 1600, 1200);
    }

    [Test]
    public void Plot_AroundAWord_AndWords()
    {
        using var dir = new TempDir();
        var file = WordVectorsTests.ToyFile(dir);
        var around = dir.File("around.png");
        var result = CliRunner.Run("plot", "--vectors", file, "--around", "king", "--k", "4", "--out", around,
            "--width", "300", "--height", "200");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.Contain("PCA of 5 words"));
        AssertPicture(around, 300, 200);
        result = CliRunner.Run("plot", "--vectors", file, "--words", "man", "woman", "cat", "--out", around);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.Contain("PCA of 3 words"));
    }

    [Test]
    public void Plot_BadInput_OneLine()
    {
        using var dir = new TempDir();
        var file = WordVectorsTests.ToyFile(dir);
        var map = dir.File("map.png");
        var bad = dir.File("groups.txt", "royal king\nroyal queen extra\n");
        var result = CliRunner.Run("plot", "--vectors", file, "--groups", bad, "--out", map);
        Assert.That((result.ExitCode, result.Err.TrimEnd()),
            Is.EqualTo((1, $"error: {bad} line 2: expected 'group word', found 'royal queen extra'")));
        var twice = dir.File("twice.txt", "royal king\nanimal cat\nanimal king\n");
        result = CliRunner.Run("plot", "--vectors", file, "--groups", twice, "--out", map);
        Assert.That(result.Err.TrimEnd(),
            Is.EqualTo($"error: {twice} line 3: 'king' is in group 'royal' already, found in 'animal'"));
        result = CliRunner.Run("plot", "--vectors", file, "--words", "king", "qeen", "man", "--out", map);
        Assert.That((result.ExitCode, result.Err.TrimEnd()),
            Is.EqualTo((1, "error: 'qeen' is not in the vocabulary (did you mean 'queen'?)")));
        result = CliRunner.Run("plot", "--vectors", file, "--words", "king", "man", "--top", "3", "--out", map);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Err, Does.StartWith("error: give one of --words, --top and --around"));
        result = CliRunner.Run("plot", "--vectors", file, "--top", "5", "--perplexity", "2", "--out", map);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Err, Does.StartWith("error: --perplexity is t-SNE's: add --method tsne"));
        Assert.That(File.Exists(map), Is.False, "nothing written");
    }

    [Test]
    public void Evaluate_Plot_BarsAndScatter()
    {
        using var dir = new TempDir();
        var file = WordVectorsTests.ToyFile(dir);
        var questions = dir.File("q.txt", ": royalty\nman king woman queen\n: animals\nking man queen woman\n" +
            "cat dog man woman\n");
        var pairs = dir.File("p.tsv", "man\twoman\t5\ncat\tdog\t9\nking\tParis\t1\n");
        var picture = dir.File("eval.png");
        var result = CliRunner.Run("evaluate", "--vectors", file, "--analogies", questions, "--similarity", pairs,
            "--plot", picture, "--width", "900", "--height", "400");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.EndWith($"plot: {picture}\n"));
        AssertPicture(picture, 900, 400);
    }

    /// <summary>The three files parse: a row of H numbers per word (W_in's rows), a header and a "word TAB count" line
    /// per word, the counts and the cut to the most frequent words checked against the corpus counted here.</summary>
    [Test]
    public void ExportProjector_FilesParse()
    {
        using var dir = new TempDir();
        var config = TinyRun.Train(dir);
        var counted = File.ReadAllLines(config.Corpus).SelectMany(l => l.Split(' ').Append("<eos>"))
            .GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());
        var output = Path.Combine(dir.Path, "projector");
        var result = CliRunner.Run("export", "--checkpoint", config.OutputDir!, "--format", "projector", "--out",
            output, "--top", "5");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);

        var metadata = File.ReadAllLines(Path.Combine(output, "metadata.tsv"));
        Assert.That(metadata[0], Is.EqualTo("word\tcount"));
        var rows = metadata.Skip(1).Select(l => l.Split('\t')).ToArray();
        Assert.That(rows, Has.Length.EqualTo(5));
        var counts = rows.Select(r => long.Parse(r[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.That(rows.Select(r => counted[r[0]]), Is.EqualTo(counts), "each word's corpus count");
        Assert.That(counts.Min(), Is.GreaterThanOrEqualTo(counted.Where(c => !rows.Any(r => r[0] == c.Key))
            .Max(c => c.Value)), "the most frequent words");

        using var vectors = WordVectors.Load(config.OutputDir!);
        Assert.That(rows.Select(r => vectors.IdOf(r[0])), Is.Ordered, "the book's order, which the run keeps");
        var tensors = File.ReadAllLines(Path.Combine(output, "tensors.tsv"));
        Assert.That(tensors, Has.Length.EqualTo(5));
        for (var i = 0; i < 5; i++)
        {
            var values = tensors[i].Split('\t').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.That(values, Is.EqualTo(vectors.Vectors[vectors.IdOf(rows[i][0])].data<float>().ToArray()));
        }
        var pbtxt = File.ReadAllText(Path.Combine(output, "projector_config.pbtxt"));
        Assert.That(pbtxt, Does.Contain("tensor_shape: 5\n  tensor_shape: 8\n"));
        Assert.That(pbtxt, Does.Contain("tensor_path: \"tensors.tsv\"").And.Contain("metadata_path: \"metadata.tsv\""));

        var text = WordVectorsTests.ToyFile(dir);
        result = CliRunner.Run("export", "--checkpoint", text, "--format", "projector",
            "--out", output);
        Assert.That(result.Out, Does.Contain("7 x 4 vectors").And.Contain("without counts"));
        Assert.That(File.ReadAllLines(Path.Combine(output, "metadata.tsv"))[1], Is.EqualTo("man\t"));
        result = CliRunner.Run("export", "--checkpoint", text, "--format", "word2vec", "--out", output, "--top", "3");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Err, Does.StartWith("error: --top cuts the vocabulary of --format projector only"));
    }

    [Test]
    public void SimilarAndAnalogy_Json()
    {
        using var dir = new TempDir();
        var file = WordVectorsTests.ToyFile(dir);
        var similar = CliRunner.Run("similar", "--vectors", file, "--top", "2", "--json", "cat", "man");
        Assert.That(similar.ExitCode, Is.EqualTo(0), similar.Err);
        var json = JsonNode.Parse(similar.Out)!;
        var cat = json["queries"]![0]!;
        Assert.That(cat["word"]!.GetValue<string>(), Is.EqualTo("cat"));
        Assert.That(cat["neighbours"]![0]!["word"]!.GetValue<string>(), Is.EqualTo("dog"));
        // cat = e4, dog = (0, 0.1, 0, 1): cosine 1 / sqrt(1.01).
        Assert.That(cat["neighbours"]![0]!["similarity"]!.GetValue<double>(),
            Is.EqualTo(1 / Math.Sqrt(1.01)).Within(1e-6));
        Assert.That(json["queries"]!.AsArray(), Has.Count.EqualTo(2));

        var analogy = CliRunner.Run("analogy", "--vectors", file, "--json", "--top", "1", "man", "king", "woman");
        Assert.That(analogy.ExitCode, Is.EqualTo(0), analogy.Err);
        json = JsonNode.Parse(analogy.Out)!;
        Assert.That(json["a"]!.GetValue<string>() + json["b"] + json["c"], Is.EqualTo("mankingwoman"));
        Assert.That(json["answers"]!.AsArray().Select(a => a!["word"]!.GetValue<string>()), Is.EqualTo(["queen"]));
    }

    /// <summary>No two labels overlap, none covers another point, all stay inside: checked box by box here.</summary>
    [Test]
    public void LabelLayout_NoOverlaps()
    {
        var random = new Random(5);
        var points = Enumerable.Range(0, 300).Select(_ => (random.NextDouble() * 600, random.NextDouble() * 400))
            .ToList();
        var sizes = points.Select(_ => (20 + random.NextDouble() * 40, 12.0)).ToList();
        var area = new LabelLayout.Box(0, 0, 600, 400);
        var boxes = LabelLayout.Place(points, sizes, area, 4);
        var placed = boxes.Select((b, i) => (Box: b, Index: i)).Where(b => b.Box is not null).ToList();
        Assert.That(placed, Has.Count.InRange(50, 299), "many placed, some left out on a crowded plane");
        foreach (var (box, i) in placed)
        {
            var b = box!.Value;
            Assert.That(b.Left >= 0 && b.Top >= 0 && b.Left + b.Width <= 600 && b.Top + b.Height <= 400, $"{i} inside");
            Assert.That((b.Width, b.Height), Is.EqualTo(sizes[i]));
            foreach (var (other, j) in placed.Where(p => p.Index != i))
            {
                var o = other!.Value;
                Assert.That(b.Left >= o.Left + o.Width || o.Left >= b.Left + b.Width || b.Top >= o.Top + o.Height
                    || o.Top >= b.Top + b.Height, $"labels {i} and {j} overlap");
            }
            for (var j = 0; j < points.Count; j++)
            {
                if (j == i) continue;
                var (x, y) = points[j];
                Assert.That(x <= b.Left - 2 || x >= b.Left + b.Width + 2 || y <= b.Top - 2 || y >= b.Top + b.Height + 2,
                    $"label {i} covers point {j}");
            }
        }
        var alone = LabelLayout.Place([(100.0, 100.0)], [(30.0, 10.0)], area, 4);
        Assert.That(alone[0], Is.EqualTo(new LabelLayout.Box(104, 95, 30, 10)), "an uncrowded label goes right");
    }
}
