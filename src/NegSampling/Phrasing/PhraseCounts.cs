using System.Text;
using NegSampling.Data;

namespace NegSampling.Phrasing;

/// <summary>
/// What one pass of phrase learning counts, as gensim's <c>Phrases</c> does: each word's count, each pair of
/// adjacent words within a line (no pair spans a line end), and the number of words. Pairs are capped:
/// whenever more than maxBigrams are held, those seen at most n times are dropped, n = 1, 2, ... in turn
/// (word2phrase's ReduceVocab).
/// </summary>
internal sealed class PhraseCounts
{
    /// <summary>Fewer tokens than this are counted by one task: a second would cost more than it saves.</summary>
    private const long MinimumSplit = 1 << 20;

    private PhraseCounts(long[] unigrams, PairCounts pairs, long words, long pruned)
    {
        (Unigrams, Pairs, Words, Pruned) = (unigrams, pairs, words, pruned);
    }

    /// <summary>Each word id's count.</summary>
    public long[] Unigrams { get; }

    /// <summary>Each pair's count.</summary>
    public PairCounts Pairs { get; }

    /// <summary>The number of words (line ends not counted): gensim's corpus_word_count.</summary>
    public long Words { get; }

    /// <summary>The count at or below which pairs were last dropped (0: none were).</summary>
    public long Pruned { get; }

    /// <summary>
    /// Counts <paramref name="ids"/> (of a table of <paramref name="wordCount"/> words, <paramref name="lineEnd"/>
    /// ending each line). A corpus of 2 x <paramref name="minimumSplit"/> tokens or more is counted in two halves at
    /// once, merged in order, so that the counts (and what the cap drops) are the same on any number of cores.
    /// </summary>
    public static PhraseCounts Count(TokenIds ids, int wordCount, int lineEnd, long maxBigrams,
        long minimumSplit = MinimumSplit)
    {
        var halves = ids.Length >= 2 * minimumSplit ? 2 : 1;
        var tasks = Enumerable.Range(0, halves).Select(h => Task.Run(() =>
            CountRange(ids, ids.Length * h / halves, ids.Length * (h + 1) / halves, wordCount, lineEnd, maxBigrams)))
            .ToArray();
        var counts = tasks.Select(t => t.GetAwaiter().GetResult()).ToArray();
        if (counts.Length == 1) return counts[0];
        var (first, second) = (counts[0], counts[1]);
        for (var id = 0; id < wordCount; id++) first.Unigrams[id] += second.Unigrams[id];
        var (into, from) = first.Pairs.Count >= second.Pairs.Count
            ? (first.Pairs, second.Pairs) : (second.Pairs, first.Pairs);
        into.AddAll(from);
        var pruned = Math.Max(first.Pruned, second.Pruned);
        while (into.Count > maxBigrams) into.Prune(++pruned);
        return new PhraseCounts(first.Unigrams, into, first.Words + second.Words, pruned);
    }

    /// <summary>Counts the tokens from..to; the pair that ends at <paramref name="from"/> is this range's.</summary>
    private static PhraseCounts CountRange(TokenIds ids, long from, long to, int wordCount, int lineEnd,
        long maxBigrams)
    {
        var (unigrams, pairs) = (new long[wordCount], new PairCounts());
        var (words, pruned) = (0L, 0L);
        var previous = from > 0 ? (int)ids[from - 1] : lineEnd;
        foreach (var (buffer, length) in PhraseLearner.Chunks(ids, from, to))
        {
            foreach (var id in buffer.AsSpan(0, length))
            {
                if (id == lineEnd)
                {
                    previous = lineEnd;
                    continue;
                }
                unigrams[id]++;
                words++;
                if (previous != lineEnd)
                {
                    pairs.Add(PairCounts.Key(previous, id));
                    if (pairs.Count > maxBigrams) pairs.Prune(++pruned);
                }
                previous = id;
            }
        }
        return new PhraseCounts(unigrams, pairs, words, pruned);
    }

    /// <summary>
    /// The counts as gensim's string-keyed vocabulary sees them: gensim counts the word "a_b" and the bigram (a, b)
    /// under the one key "a_b" (and the bigrams (a_b, c) and (a, b_c) under "a_b_c"), so where words hold the
    /// delimiter, entries that join to the same string share their summed count. Returns each word's count, the
    /// shared counts of pairs (the others are <see cref="Pairs"/>'), and the number of distinct keys (gensim's
    /// len(vocab)).
    /// </summary>
    public (long[] Unigrams, Dictionary<ulong, long> SharedPairs, long Keys) Keyed(WordTable table, byte delimiter)
    {
        var unigrams = (long[])Unigrams.Clone();
        var shared = new Dictionary<ulong, long>();
        var keys = unigrams.LongCount(c => c > 0) + Pairs.Count;
        var joined = Enumerable.Range(0, unigrams.Length)
            .Where(id => unigrams[id] > 0 && table.Word(id).Contains(delimiter)).ToHashSet();
        if (joined.Count == 0) return (unigrams, shared, keys);

        string Text(int id) => Encoding.Latin1.GetString(table.Word(id)); // a string per byte string, 1:1
        const ulong unigram = uint.MaxValue; // a member (id, uint.MaxValue) is the word id itself
        var groups = new Dictionary<string, List<ulong>>(StringComparer.Ordinal);
        void Join(string key, ulong member)
        {
            if (!groups.TryGetValue(key, out var members)) groups[key] = members = [];
            members.Add(member);
        }
        var idOf = Enumerable.Range(0, unigrams.Length).Where(id => unigrams[id] > 0)
            .ToDictionary(Text, id => id, StringComparer.Ordinal);
        var mark = (char)delimiter;
        foreach (var id in joined)
        {
            var word = Text(id);
            Join(word, (ulong)(uint)id << 32 | unigram);
            var at = word.IndexOf(mark);
            // The one pair of words without the delimiter that joins to this word, if it was seen.
            if (at == word.LastIndexOf(mark) && idOf.TryGetValue(word[..at], out var a)
                && idOf.TryGetValue(word[(at + 1)..], out var b) && Pairs.Get(PairCounts.Key(a, b)) > 0)
                Join(word, PairCounts.Key(a, b));
        }
        foreach (var (key, _) in Pairs.Entries())
        {
            var (a, b) = PairCounts.Pair(key);
            if (joined.Contains(a) || joined.Contains(b)) Join(Text(a) + mark + Text(b), key);
        }
        foreach (var members in groups.Values.Where(m => m.Count > 1))
        {
            long Of(ulong member) => (uint)member == unigram ? Unigrams[(int)(member >> 32)] : Pairs.Get(member);
            var total = members.Sum(Of);
            keys -= members.Count - 1;
            foreach (var member in members)
                if ((uint)member == unigram) unigrams[(int)(member >> 32)] = total;
                else shared[member] = total;
        }
        return (unigrams, shared, keys);
    }
}
