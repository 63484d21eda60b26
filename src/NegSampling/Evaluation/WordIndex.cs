namespace NegSampling.Evaluation;

/// <summary>
/// Word -> row over a word list, as an open-addressing table of row numbers only (4 bytes a slot, at most half full):
/// the words themselves stay in the list. A Dictionary would hold a 24-byte entry and a 4-byte bucket per word (28 MB
/// for a million words, a quarter of what a mapped file's words cost before its first query).
/// </summary>
internal sealed class WordIndex
{
    private readonly IReadOnlyList<string> words;
    private readonly int[] slots; // row + 1; 0: empty
    private readonly int mask;

    /// <summary>Indexes the words; a word twice is refused, naming both rows.</summary>
    public WordIndex(IReadOnlyList<string> words)
    {
        this.words = words;
        var size = (int)Math.Min(1L << 30, Math.Max(16, (long)System.Numerics.BitOperations.RoundUpToPowerOf2(
            (uint)words.Count) * 2));
        (slots, mask) = (new int[size], size - 1);
        for (var i = 0; i < words.Count; i++)
        {
            var slot = Find(words[i]);
            if (slots[slot] != 0)
                throw new ArgumentException($"'{words[i]}' is both word {slots[slot] - 1} and word {i}; each word " +
                    "may have one vector", nameof(words));
            slots[slot] = i + 1;
        }
    }

    /// <summary>The row of a word, if it has one.</summary>
    public bool TryGetValue(string word, out int row)
    {
        row = slots[Find(word)] - 1;
        return row >= 0;
    }

    /// <summary>The word's slot, or the empty slot where it would go (linear probing).</summary>
    private int Find(string word)
    {
        var slot = StringComparer.Ordinal.GetHashCode(word) & mask;
        while (slots[slot] != 0 && !string.Equals(words[slots[slot] - 1], word, StringComparison.Ordinal))
            slot = (slot + 1) & mask;
        return slot;
    }
}
