namespace NegSampling.Data;

/// <summary>How ids are assigned: in order of first occurrence (the book's preprocess) or by falling frequency
/// (word2vec).</summary>
public enum VocabularyOrder
{
    /// <summary>In order of first occurrence, as the book's preprocess.</summary>
    FirstOccurrence,

    /// <summary>By falling frequency (ties in first-occurrence order), as word2vec.</summary>
    Frequency,
}

/// <summary>Word &lt;-&gt; id mapping with the corpus counts of each word.</summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> ids;

    /// <summary>A vocabulary of these words (id order) and their corpus counts; a word twice is an error.</summary>
    public Vocabulary(IReadOnlyList<string> words, IReadOnlyList<long> counts)
    {
        if (words.Count != counts.Count)
            throw new ArgumentException($"{words.Count} words but {counts.Count} counts");
        Words = words;
        Counts = counts;
        ids = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
            if (!ids.TryAdd(words[i], i))
                throw new ArgumentException($"word '{words[i]}' appears twice in the vocabulary");
    }

    /// <summary>Counts the tokens, drops words seen fewer than minCount times, keeps at most maxVocab of the most
    /// frequent.</summary>
    public static Vocabulary Build(IEnumerable<string> tokens, int minCount = 1, int? maxVocab = null,
        VocabularyOrder order = VocabularyOrder.FirstOccurrence)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstSeen = new List<string>();
        var counts = new List<long>();
        foreach (var token in tokens)
        {
            if (index.TryGetValue(token, out var i)) counts[i]++;
            else
            {
                index[token] = firstSeen.Count;
                firstSeen.Add(token);
                counts.Add(1);
            }
        }
        return FromCounts(firstSeen, counts, minCount, maxVocab, order).Vocabulary;
    }

    /// <summary>The ids 0 .. counts.Count - 1 by falling count, ties in id order: word2vec's order of a vocabulary,
    /// and of its exports.</summary>
    public static int[] ByFallingCount(IReadOnlyList<long> counts) =>
        [.. Enumerable.Range(0, counts.Count).OrderByDescending(i => counts[i]).ThenBy(i => i)];

    /// <summary>
    /// The vocabulary of words given in order of first occurrence with their counts: words seen fewer than
    /// minCount times dropped, at most maxVocab of the most frequent kept (ties by first occurrence, so every
    /// order is deterministic), ids in the chosen order. Map[i] is the id of word i, or -1 when it was dropped.
    /// </summary>
    public static (Vocabulary Vocabulary, int[] Map) FromCounts(IReadOnlyList<string> firstSeen,
        IReadOnlyList<long> counts,
        int minCount = 1, int? maxVocab = null, VocabularyOrder order = VocabularyOrder.FirstOccurrence)
    {
        var byFrequency = ByFallingCount(counts);
        var kept = byFrequency.Where(i => counts[i] >= minCount);
        if (maxVocab is { } max) kept = kept.Take(max);
        var keep = kept.ToHashSet();
        var chosen = (order == VocabularyOrder.Frequency ? byFrequency : Enumerable.Range(0, firstSeen.Count))
            .Where(keep.Contains).ToList();
        var map = new int[firstSeen.Count];
        Array.Fill(map, -1);
        for (var id = 0; id < chosen.Count; id++) map[chosen[id]] = id;
        return (new Vocabulary(chosen.Select(i => firstSeen[i]).ToList(), chosen.Select(i => counts[i]).ToList()), map);
    }

    /// <summary>
    /// This vocabulary grown by a corpus's words, as gensim's build_vocab(update=True) grows one: these words keep
    /// their ids, and their counts add the corpus's; the corpus's other words follow when the corpus alone has them
    /// at least <paramref name="minCount"/> times (gensim applies min_count to the new corpus's counts), in
    /// <paramref name="order"/> among themselves, the most frequent first when <paramref name="maxVocab"/> (the whole
    /// vocabulary's cap) leaves room for fewer. <paramref name="corpus"/> holds every word of the corpus, in order of
    /// first occurrence, with its count there.
    /// </summary>
    public Vocabulary Grown(Vocabulary corpus, int minCount, int? maxVocab, VocabularyOrder order)
    {
        var newcomers = Enumerable.Range(0, corpus.Count).Where(i => !ids.ContainsKey(corpus.Words[i])).ToList();
        var added = FromCounts(newcomers.Select(i => corpus.Words[i]).ToList(),
            newcomers.Select(i => corpus.Counts[i]).ToList(), minCount, maxVocab - Count, order).Vocabulary;
        var merged = Words.Select((w, i) => Counts[i] + (corpus.TryGetId(w, out var id) ? corpus.Counts[id] : 0));
        return new Vocabulary([.. Words, .. added.Words], [.. merged, .. added.Counts]);
    }

    /// <summary>The words, in id order.</summary>
    public IReadOnlyList<string> Words { get; }
    /// <summary>Each word's count in the corpus it was built from.</summary>
    public IReadOnlyList<long> Counts { get; }
    /// <summary>The number of words.</summary>
    public int Count => Words.Count;

    /// <summary>The id of a word, if it is in the vocabulary.</summary>
    public bool TryGetId(string word, out int id) => ids.TryGetValue(word, out id);

    /// <summary>The id of a word; KeyNotFoundException when it is not in the vocabulary.</summary>
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

    /// <summary>Null when <paramref name="others"/> are these words in this order (the first
    /// <paramref name="prefix"/> of them, when given); else where the two part, in words.</summary>
    public string? DifferenceFrom(IReadOnlyList<string> others, int? prefix = null)
    {
        var count = prefix ?? Count;
        var shared = Math.Min(count, others.Count);
        var first = Enumerable.Range(0, shared).FirstOrDefault(i => Words[i] != others[i], -1);
        if (first >= 0) return $"word {first} is '{others[first]}' there and '{Words[first]}' here";
        return others.Count == count ? null : $"one runs out at word {shared}";
    }
}
