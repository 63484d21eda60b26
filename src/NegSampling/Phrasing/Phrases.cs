using NegSampling.Data;
using NegSampling.Formats;

namespace NegSampling.Phrasing;

/// <summary>
/// Joins a corpus's phrases into words ("new york" into "new_york"), as gensim's <c>Phrases</c> learns and applies
/// them (the same counts, scores and output; no connector words), on the corpus reader's inputs.
/// </summary>
public static class Phrases
{
    /// <summary>
    /// Learns the phrases of <paramref name="corpus"/> (a file or a directory; plain, gzip, bzip2 or zip) and writes
    /// the corpus with them joined by '_' to <paramref name="output"/>, a line for each line read, words parted by a
    /// space. Each of <paramref name="passes"/> learns from the text the one before wrote. Returns each pass's
    /// phrases that were joined, with their scores (gensim's <c>find_phrases</c>).
    /// </summary>
    /// <param name="corpus">The corpus path.</param>
    /// <param name="output">The file to write; refused when it exists.</param>
    /// <param name="threshold">A pair is a phrase when it scores above this (gensim's default 10).</param>
    /// <param name="minCount">gensim's min_count (5): subtracted from the pair's count by the default scorer, the
    /// fewest times a pair must be seen for the npmi scorer.</param>
    /// <param name="passes">Passes over the text (2 joins phrases of up to four words).</param>
    /// <param name="scorer">The score of a pair.</param>
    /// <param name="maxBigrams">The most bigram types held while counting: past it, the rarest are dropped.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting outside what gensim accepts; ParamName names
    /// it.</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Write(string corpus, string output,
        double threshold = 10, int minCount = 5, int passes = 1, PhraseScorer scorer = PhraseScorer.Default,
        long maxBigrams = 40_000_000)
    {
        var settings = new PhraseSettings(threshold, minCount, scorer, maxBigrams, passes);
        if (settings.Problem() is var (argument, expected, found))
            throw new ArgumentOutOfRangeException(char.ToLowerInvariant(argument[0]) + argument[1..],
                $"expected {expected}, found {found}");
        if (File.Exists(output) || Directory.Exists(output))
            throw new IOException($"{output} exists: phrases are written to a new file, never over one");
        var (table, builder) = CorpusReader.Tokenize(corpus, appendEos: true, maxTokens: null,
            Environment.ProcessorCount, lineEnd: PhraseLearner.LineEnd);
        var (ids, learnt) = PhraseLearner.Run(table, builder, settings);
        AtomicFile.Write(output, stream => PhraseLearner.WriteText(ids.Build(), table, stream));
        return learnt.Select(pass =>
        {
            var scores = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var phrase in pass) scores[PhraseLearner.Text(table, phrase.Word)] = phrase.Score;
            return (IReadOnlyDictionary<string, double>)scores;
        }).ToList();
    }
}
