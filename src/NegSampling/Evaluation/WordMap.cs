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

    private WordMap(IReadOnlyList<string> words, double[] x, double[] y, double? explained, double? perplexity)
    {
        (Words, X, Y, ExplainedVariance, Perplexity) = (words, x, y, explained, perplexity);
    }

    /// <summary>The words, each once, in the order asked for.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Each word's first coordinate (PCA: on the first principal axis).</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>Each word's second coordinate.</summary>
    public IReadOnlyList<double> Y { get; }

    /// <summary>A PCA map's share (0 to 1) of the unit vectors' variance on the two axes; null for t-SNE (of the two,
    /// exactly one is null: it tells the maps apart).</summary>
    public double? ExplainedVariance { get; }

    /// <summary>A t-SNE map's perplexity (about the number of neighbours each word keeps close); null for
    /// PCA.</summary>
    public double? Perplexity { get; }

    /// <summary>One line saying how the map was made: "PCA of 500 words, 9.6% of the variance" or "t-SNE of 500 words,
    /// perplexity 30".</summary>
    public string Description => Perplexity is null
        ? string.Create(CultureInfo.InvariantCulture,
            $"PCA of {Words.Count} words, {ExplainedVariance * 100:0.0}% of the variance")
        : string.Create(CultureInfo.InvariantCulture, $"t-SNE of {Words.Count} words, perplexity {Perplexity:0.##}");

    /// <summary>
    /// The PCA map of the given words (each once; all the vocabulary's when null; an unknown word throws
    /// <see cref="KeyNotFoundException"/>; at least three words): their unit vectors on the two directions of
    /// largest variance. Linear: distances are kept as far as two dimensions can keep them.
    /// </summary>
    public static WordMap Pca(WordVectors vectors, IEnumerable<string>? words = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var (chosen, rows) = Rows(vectors, words ?? vectors.Words);
        using var scope = NewDisposeScope();
        var (x, y, explained) = Projection.Pca(UnitRows(vectors, rows));
        return new WordMap(chosen, x, y, explained, null);
    }

    /// <summary>
    /// The exact t-SNE map of the given words (each once; at least three; its cost grows with the square of their
    /// number: a few thousand at most, <see cref="WordVectors.MostFrequent"/> picks them): neighbours kept together,
    /// clusters drawn apart (distances between clusters mean little). <paramref name="perplexity"/> must be at
    /// least 1 and below the number of words; by default it is <see cref="DefaultPerplexity"/>, or (words - 1) / 3
    /// when that is smaller. The same <paramref name="seed"/> gives the same map on the same machine.
    /// </summary>
    public static WordMap Tsne(WordVectors vectors, IEnumerable<string> words, double? perplexity = null,
        int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(words);
        var (chosen, rows) = Rows(vectors, words);
        var used = perplexity ?? Math.Max(1, Math.Min(DefaultPerplexity, (rows.Length - 1) / 3.0));
        if (!(used >= 1 && used < rows.Length))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"t-SNE's perplexity must be at least 1 and below the number of words ({rows.Length}); found {used}"));
        using var scope = NewDisposeScope();
        var (x, y) = Projection.Tsne(UnitRows(vectors, rows), used, seed);
        return new WordMap(chosen, x, y, null, used);
    }

    /// <summary>The words, each once in the order given, and their rows: at least three.</summary>
    private static (IReadOnlyList<string> Words, long[] Rows) Rows(WordVectors vectors, IEnumerable<string> words)
    {
        var distinct = words.Distinct(StringComparer.Ordinal).ToList();
        var rows = distinct.Select(w => (long)vectors.IdOf(w)).ToArray();
        if (rows.Length < 3) throw new ArgumentException($"a map needs at least 3 words; found {rows.Length}");
        return (distinct, rows);
    }

    /// <summary>The unit vectors of the rows, in the caller's dispose scope.</summary>
    private static Tensor UnitRows(WordVectors vectors, long[] rows) =>
        vectors.Unit.index_select(0, tensor(rows, device: vectors.Unit.device));
}
