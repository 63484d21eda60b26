using System.Globalization;

namespace NegSampling.Evaluation;

/// <summary>
/// gensim's evaluate_word_pairs: "word1 TAB word2 TAB score" lines, '#' lines skipped, pairs with an
/// out-of-vocabulary word skipped and counted, Pearson and Spearman (average ranks for ties) of the rest.
/// </summary>
internal static class WordPairEvaluation
{
    /// <summary>Scores the vectors on a word-pairs file ("w1 TAB w2 TAB score"; case-insensitive by default).</summary>
    public static WordPairResult Evaluate(WordVectors vectors, string path, bool caseInsensitive = true,
        char delimiter = '\t')
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"word pairs not found: {path}", path);
        var canonical = vectors.EvaluationIds(caseInsensitive);
        string Key(string w) => WordVectors.EvaluationKey(w, caseInsensitive);

        var scores = new List<WordPairScore>();
        var oov = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(delimiter);
            if (fields.Length != 3
                || !double.TryParse(fields[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
                continue; // gensim skips invalid lines
            if (!canonical.TryGetValue(Key(fields[0]), out var a) || !canonical.TryGetValue(Key(fields[1]), out var b))
            {
                oov++;
                continue;
            }
            scores.Add(new WordPairScore(fields[0], fields[1], score, vectors.Similarity(a, b)));
        }
        var gold = scores.Select(s => s.Human).ToList();
        var model = scores.Select(s => s.Similarity).ToList();
        return (gold.Count < 2
            ? new WordPairResult(null, null, gold.Count, oov)
            : new WordPairResult(Correlation.Pearson(gold, model), Correlation.Spearman(gold, model), gold.Count, oov))
            with
        { Scores = scores };
    }
}
