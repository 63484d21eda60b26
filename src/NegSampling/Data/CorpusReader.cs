using System.Text;
using NegSampling.Phrasing;

namespace NegSampling.Data;

/// <summary>
/// Reads a corpus path (see <see cref="CorpusInput"/>) into a vocabulary and word ids in one pass over the
/// bytes: words get provisional ids in order of first occurrence as they are met (<see cref="ByteTokenizer"/>),
/// then the vocabulary is chosen from their counts and the ids are rewritten in place. The tokens and the
/// vocabulary are those of the book's reader (str.split per line, UTF-8 decoding with U+FFFD for invalid
/// bytes, so two byte strings that decode alike are one word).
/// </summary>
internal static class CorpusReader
{
    /// <summary>The smallest part of a plain file that a core of its own reads.</summary>
    private const long MinimumPart = 1 << 20;

    /// <summary>The vocabulary and ids of the corpus at <paramref name="path"/>; a plain file is read by all cores at
    /// once, a part each.</summary>
    public static (Vocabulary Vocabulary, TokenIds Ids) Read(string path, CorpusSettings settings) =>
        Read(path, settings, Environment.ProcessorCount, MinimumPart);

    /// <summary>
    /// As <see cref="Read(string, CorpusSettings)"/>, a plain file being cut at line ends into at most
    /// <paramref name="maxParts"/> parts of at least <paramref name="minimumPart"/> bytes (unless maxTokens stops
    /// the read early), each read into a word table of its own by a task of its own; the tables are then merged in
    /// order: the same words, counts, first occurrences and ids as one read from start to end.
    /// </summary>
    internal static (Vocabulary Vocabulary, TokenIds Ids) Read(string path, CorpusSettings settings, int maxParts,
        long minimumPart)
    {
        var phrases = settings.Phrases;
        var (table, builder) = Tokenize(path, settings.AppendEos || phrases is not null, settings.MaxTokens, maxParts,
            minimumPart, phrases is null ? null : PhraseLearner.LineEnd);
        if (phrases is not null) (table, builder) = JoinPhrases(table, builder, phrases, settings.AppendEos);
        var (words, counts, merged) = Decode(table, builder.Counts(table.Count));
        var (vocabulary, map) =
            Vocabulary.FromCounts(words, counts, settings.MinCount, settings.MaxVocab, settings.Order);
        builder.Remap(merged.Select(m => map[m]).ToArray());
        return (vocabulary, builder.Build());
    }

    /// <summary>
    /// The corpus's words as byte strings (ids in order of first occurrence) and its tokens as those ids, before any
    /// vocabulary is chosen; with <paramref name="lineEnd"/>, that word ends every line instead of the
    /// end-of-sentence word. A plain file is read as <see cref="Read(string, CorpusSettings, int, long)"/> reads
    /// it, a part per core.
    /// </summary>
    internal static (WordTable Table, TokenIdBuilder Ids) Tokenize(string path, bool appendEos, long? maxTokens,
        int maxParts, long minimumPart = MinimumPart, byte[]? lineEnd = null)
    {
        var table = new WordTable();
        var builder = new TokenIdBuilder();
        var tokenizer = new ByteTokenizer(table, builder, appendEos, maxTokens ?? long.MaxValue, lineEnd);
        foreach (var text in CorpusInput.Open(path))
        {
            using (text)
            {
                var parts = maxTokens is null ? TextParts.Of(text.Stream, maxParts, minimumPart) : [];
                if (parts.Count > 1) ReadInParts(text, parts, appendEos, lineEnd, table, builder);
                else tokenizer.Read(text.Stream, text.Name);
            }
            if (tokenizer.Full) break;
        }
        return (table, builder);
    }

    /// <summary>
    /// Joins the phrases of a corpus tokenised with <see cref="PhraseLearner.LineEnd"/> ending its lines, then gives
    /// the words new ids in order of first occurrence (the phrases' words were added to the table last), each line
    /// end becoming the end-of-sentence word, or dropped without appendEos.
    /// </summary>
    private static (WordTable Table, TokenIdBuilder Ids) JoinPhrases(WordTable table, TokenIdBuilder builder,
        PhraseSettings phrases, bool appendEos)
    {
        var lineEnd = table.Add(PhraseLearner.LineEnd);
        var joined = PhraseLearner.Run(table, builder, phrases).Ids;
        var (ordered, map) = (new WordTable(), new int[table.Count]);
        Array.Fill(map, int.MinValue); // not met yet
        var eos = Encoding.UTF8.GetBytes(ByteTokenizer.EndOfSentence);
        var tokens = joined.Build();
        foreach (var (buffer, length) in PhraseLearner.Chunks(tokens, 0, tokens.Length))
            foreach (var id in buffer.AsSpan(0, length))
                if (map[id] == int.MinValue)
                    map[id] = id != lineEnd ? ordered.Add(table.Word(id)) : appendEos ? ordered.Add(eos) : -1;
        joined.Remap(map);
        return (ordered, joined);
    }

    /// <summary>
    /// Reads the parts of a plain file at once, a task each: the first into <paramref name="table"/> and
    /// <paramref name="builder"/> (as a read from start to end would), the others into tables and ids of their own,
    /// then appended in order. The failure of the earliest part that fails comes out.
    /// </summary>
    private static void ReadInParts(CorpusInput.Text text, IReadOnlyList<TextParts.Part> parts, bool appendEos,
        byte[]? lineEnd, WordTable table, TokenIdBuilder builder)
    {
        var file = ((FileStream)text.Stream).Name;
        var read = parts.Select((_, i) => i == 0
            ? (Table: table, Ids: builder)
            : (Table: new WordTable(), Ids: new TokenIdBuilder())).ToArray();
        var tasks = parts.Select((part, i) => Task.Run(() =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            stream.Position = part.Start;
            new ByteTokenizer(read[i].Table, read[i].Ids, appendEos, long.MaxValue, lineEnd)
                .Read(stream, text.Name, part.Start, part.Length);
        })).ToArray();
        try { Task.WaitAll(tasks); }
        catch (AggregateException) { } // each task's own failure, in order, below
        foreach (var task in tasks) task.GetAwaiter().GetResult();
        for (var i = 1; i < read.Length; i++)
        {
            var (partTable, partIds) = read[i];
            var map = new int[partTable.Count];
            for (var id = 0; id < partTable.Count; id++) map[id] = table.Add(partTable.Word(id));
            builder.Join(partIds, map);
        }
    }

    /// <summary>
    /// The words as strings in order of first occurrence, with their counts (<paramref name="countOf"/> provisional
    /// word); byte strings that decode to the same string (invalid UTF-8 becomes U+FFFD) are merged, and merged[i]
    /// is where provisional word i went.
    /// </summary>
    private static (List<string> Words, List<long> Counts, int[] Merged) Decode(WordTable table, long[] countOf)
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
            counts[at] += countOf[id];
            merged[id] = at;
        }
        return (words, counts, merged);
    }
}
