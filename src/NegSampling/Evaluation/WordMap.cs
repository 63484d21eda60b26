using System.Globalization;
using static TorchSharp.torch;

namespace NegSampling.Evaluation;

/// <summary>
/// Words placed on a plane from their vectors, for a map: PCA or exact t-SNE of the words' unit vectors (so that
/// distances follow the cosine similarity the queries use), computed on libtorch. It holds coordinates only: draw
/// them with any plotting library (the command line's <c>plot</c> draws them with ScottPlot).
/// </summary>
public sealed class WordMap
{
    /// <summary>The t-SNE perplexity used when none is given, lowered for small maps.</summary>
    public const double DefaultPerplexity = 30;

    private WordMap(IReadOnlyList<string> words, double[] x, double[] y, ProjectionMethod method, double? explained,
        double? perplexity)
    {
        (Words, X, Y, Method, ExplainedVariance, Perplexity) = (words, x, y, method, explained, perplexity);
    }

    /// <summary>The words, each once, in the order asked for.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Each word's first coordinate (PCA: on the first principal axis).</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>Each word's second coordinate.</summary>
    public IReadOnlyList<double> Y { get; }

    /// <summary>How the map was made.</summary>
    public ProjectionMethod Method { get; }

    /// <summary>PCA: the share (0 to 1) of the unit vectors' variance on the two axes; null for t-SNE.</summary>
    public double? ExplainedVariance { get; }

    /// <summary>t-SNE: the perplexity (about the number of neighbours each word keeps close); null for PCA.</summary>
    public double? Perplexity { get; }

    /// <summary>One line saying how the map was made: "PCA of 500 words, 9.6% of the variance" or "t-SNE of 500 words,
    /// perplexity 30".</summary>
    public string Description => Method == ProjectionMethod.Pca
        ? string.Create(CultureInfo.InvariantCulture,
            $"PCA of {Words.Count} words, {ExplainedVariance * 100:0.0}% of the variance")
        : string.Create(CultureInfo.InvariantCulture, $"t-SNE of {Words.Count} words, perplexity {Perplexity:0.##}");

    /// <summary>
    /// The map of the given words (each once; an unknown word throws <see cref="KeyNotFoundException"/>). At least
    /// three words. t-SNE's <paramref name="perplexity"/> must be at least 1 and below the number of words; by
    /// default it is <see cref="DefaultPerplexity"/>, or (words - 1) / 3 when that is smaller. The same
    /// <paramref name="seed"/> gives the same t-SNE map on the same machine.
    /// </summary>
    public static WordMap Project(WordVectors vectors, IEnumerable<string> words,
        ProjectionMethod method = ProjectionMethod.Pca, double? perplexity = null, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var distinct = words.Distinct(StringComparer.Ordinal).ToList();
        var rows = distinct.Select(vectors.IdOf).ToArray();
        if (rows.Length < 3) throw new ArgumentException($"a map needs at least 3 words; found {rows.Length}");
        using var scope = NewDisposeScope();
        var ids = tensor(rows.Select(r => (long)r).ToArray(), device: vectors.Unit.device);
        var unit = vectors.Unit.index_select(0, ids);
        if (method == ProjectionMethod.Pca)
        {
            var (x, y, explained) = Projection.Pca(unit);
            return new WordMap(distinct, x, y, method, explained, null);
        }
        var used = perplexity ?? Math.Max(1, Math.Min(DefaultPerplexity, (rows.Length - 1) / 3.0));
        if (!(used >= 1 && used < rows.Length))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"t-SNE's perplexity must be at least 1 and below the number of words ({rows.Length}); found {used}"));
        var (tx, ty) = Projection.Tsne(unit, used, seed);
        return new WordMap(distinct, tx, ty, method, null, used);
    }

    /// <summary>
    /// The map of the <paramref name="top"/> most frequent words of a vectors file (anything
    /// <see cref="WordVectors.Load"/> reads): by the corpus counts of a checkpoint or run directory; other files hold
    /// no counts and are taken to list words by falling frequency, as word2vec and gensim write them. Otherwise as
    /// <see cref="Project(WordVectors, IEnumerable{string}, ProjectionMethod, double?, int)"/>.
    /// </summary>
    public static WordMap ProjectMostFrequent(string vectorsPath, int top,
        ProjectionMethod method = ProjectionMethod.Pca, double? perplexity = null, int seed = 1)
    {
        using var vectors = WordVectors.Load(vectorsPath);
        return Project(vectors, vectors.MostFrequentRows(top).Select(r => vectors.Words[r]), method, perplexity, seed);
    }
}
