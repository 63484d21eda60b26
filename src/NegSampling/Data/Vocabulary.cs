namespace NegSampling.Data;

/// <summary>How ids are assigned: in order of first occurrence (the book's preprocess) or by falling frequency (word2vec).</summary>
public enum VocabularyOrder { FirstOccurrence, Frequency }

/// <summary>Word &lt;-&gt; id mapping with the corpus counts of each word.</summary>
public sealed class Vocabulary
{
    private readonly Dictionary<string, int> ids;

    public Vocabulary(IReadOnlyList<string> words, IReadOnlyList<long> counts)
    {
        if (words.Count != counts.Count)
            throw new ArgumentException($"{words.Count} words but {counts.Count} counts");
        Words = words;
        Counts = counts;
        ids = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
            if (!ids.TryAdd(words[i], i)) throw new ArgumentException($"word '{words[i]}' appears twice in the vocabulary");
    }

    /// <summary>Counts the tokens, drops words seen fewer than minCount times, keeps at most maxVocab of the most frequent.</summary>
    public static Vocabulary Build(IEnumerable<string> tokens, int minCount = 1, int? maxVocab = null,
        VocabularyOrder order = VocabularyOrder.FirstOccurrence)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var firstSeen = new List<string>();
        foreach (var token in tokens)
        {
            if (counts.TryGetValue(token, out var c)) counts[token] = c + 1;
            else { counts[token] = 1; firstSeen.Add(token); }
        }
        // Ties in frequency keep first-occurrence order, so every order is deterministic.
        var byFrequency = firstSeen.Select((w, i) => (w, i)).OrderByDescending(x => counts[x.w]).ThenBy(x => x.i).Select(x => x.w);
        var kept = byFrequency.Where(w => counts[w] >= minCount);
        if (maxVocab is { } max) kept = kept.Take(max);
        var keptSet = kept.ToHashSet(StringComparer.Ordinal);
        var words = order == VocabularyOrder.Frequency
            ? byFrequency.Where(keptSet.Contains).ToList()
            : firstSeen.Where(keptSet.Contains).ToList();
        return new Vocabulary(words, words.Select(w => counts[w]).ToList());
    }

    public IReadOnlyList<string> Words { get; }
    public IReadOnlyList<long> Counts { get; }
    public int Count => Words.Count;

    public bool TryGetId(string word, out int id) => ids.TryGetValue(word, out id);

    public int this[string word] => ids.TryGetValue(word, out var id)
        ? id : throw new KeyNotFoundException($"'{word}' is not in the vocabulary");

    /// <summary>The ids of the tokens that are in the vocabulary; the others are skipped, as word2vec does.</summary>
    /// <remarks>
    /// The array is sized from the counts (exact when the tokens are those the vocabulary was built from), so a
    /// large corpus is held once, not in a growing list and a copy.
    /// </remarks>
    public int[] Encode(IEnumerable<string> tokens)
    {
        var result = new int[Counts.Sum()];
        var n = 0;
        foreach (var token in tokens)
        {
            if (!ids.TryGetValue(token, out var id)) continue;
            if (n == result.Length) Array.Resize(ref result, Math.Max(16, result.Length * 2));
            result[n++] = id;
        }
        if (n != result.Length) Array.Resize(ref result, n);
        return result;
    }

    /// <summary>True when both have the same words in the same order.</summary>
    public bool SameWords(Vocabulary other) => Words.SequenceEqual(other.Words, StringComparer.Ordinal);
}
