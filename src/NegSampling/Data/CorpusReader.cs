using System.Text;

namespace NegSampling.Data;

/// <summary>
/// Reads a corpus path (see <see cref="CorpusInput"/>) into a vocabulary and word ids in one pass over the
/// bytes: words get provisional ids in order of first occurrence as they are met (<see cref="ByteTokenizer"/>),
/// then the vocabulary is chosen from their counts and the ids are rewritten in place. The tokens and the
/// vocabulary are those of the book's reader (str.split per line, UTF-8 decoding with U+FFFD for invalid
/// bytes, so two byte strings that decode alike are one word).
/// </summary>
public static class CorpusReader
{
    /// <summary>The vocabulary and ids of the corpus at <paramref name="path"/>.</summary>
    public static (Vocabulary Vocabulary, TokenIds Ids) Read(string path, CorpusSettings settings)
    {
        var table = new WordTable();
        var builder = new TokenIdBuilder();
        var tokenizer = new ByteTokenizer(table, builder, settings.AppendEos, settings.MaxTokens ?? long.MaxValue);
        foreach (var text in CorpusInput.Open(path))
        {
            using (text) tokenizer.Read(text.Stream, text.Name);
            if (tokenizer.Full) break;
        }
        var (words, counts, merged) = Decode(table);
        var (vocabulary, map) =
            Vocabulary.FromCounts(words, counts, settings.MinCount, settings.MaxVocab, settings.Order);
        builder.Remap(merged.Select(m => map[m]).ToArray());
        return (vocabulary, builder.Build());
    }

    /// <summary>
    /// The words as strings in order of first occurrence, with counts; byte strings that decode to the same
    /// string (invalid UTF-8 becomes U+FFFD) are merged, and merged[i] is where provisional word i went.
    /// </summary>
    private static (List<string> Words, List<long> Counts, int[] Merged) Decode(WordTable table)
    {
        var index = new Dictionary<string, int>(table.Count, StringComparer.Ordinal);
        var (words, counts, merged) = (new List<string>(table.Count), new List<long>(table.Count),
            new int[table.Count]);
        for (var id = 0; id < table.Count; id++)
        {
            var word = Encoding.UTF8.GetString(table.Word(id));
            if (!index.TryGetValue(word, out var at))
            {
                at = words.Count;
                index[word] = at;
                words.Add(word);
                counts.Add(0);
            }
            counts[at] += table.CountOf(id);
            merged[id] = at;
        }
        return (words, counts, merged);
    }
}
