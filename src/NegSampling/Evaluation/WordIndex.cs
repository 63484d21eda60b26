namespace NegSampling.Evaluation;

/// <summary>
/// Word -> row over a word list, as an open-addressing table of 8-byte slots (a word's hash and its row + 1, at most
/// half full): the words themselves stay in the list, and a probe compares a word only when its hash matches. A
/// Dictionary would hold a 24-byte entry and a 4-byte bucket per word (28 MB for a million words, a quarter of what
/// a mapped file's words cost before its first query).
/// </summary>
internal sealed class WordIndex
{
    private readonly string[] words;
    private readonly ulong[] slots; // hash << 32 | (row + 1); 0: empty
    private readonly int mask;

    /// <summary>Indexes the words; a word twice is refused, naming both rows.</summary>
    public WordIndex(IReadOnlyList<string> words)
    {
        this.words = words as string[] ?? [.. words];
        var size = (int)Math.Min(1L << 30, Math.Max(16, (long)System.Numerics.BitOperations.RoundUpToPowerOf2(
            (uint)words.Count) * 2));
        (slots, mask) = (new ulong[size], size - 1);
        for (var i = 0; i < this.words.Length; i++)
        {
            var word = this.words[i];
            var hash = (uint)StringComparer.Ordinal.GetHashCode(word);
            var slot = Find(word, hash);
            if (slots[slot] != 0)
                throw new ArgumentException($"'{word}' is both word {(uint)slots[slot] - 1} and word {i}; each word " +
                    "may have one vector", nameof(words));
            slots[slot] = (ulong)hash << 32 | (uint)(i + 1);
        }
    }

    /// <summary>The row of a word, if it has one.</summary>
    public bool TryGetValue(string word, out int row)
    {
        row = (int)(uint)slots[Find(word, (uint)StringComparer.Ordinal.GetHashCode(word))] - 1;
        return row >= 0;
    }

    /// <summary>The word's slot, or the empty slot where it would go (linear probing).</summary>
    private int Find(string word, uint hash)
    {
        var slot = (int)hash & mask;
        for (var s = slots[slot]; s != 0; s = slots[slot])
        {
            if ((uint)(s >> 32) == hash && string.Equals(words[(uint)s - 1], word, StringComparison.Ordinal)) break;
            slot = (slot + 1) & mask;
        }
        return slot;
    }
}
