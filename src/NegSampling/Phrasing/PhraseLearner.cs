using System.Globalization;
using System.Text;
using NegSampling.Data;

namespace NegSampling.Phrasing;

/// <summary>How phrases are learnt: gensim's <c>Phrases</c> arguments (delimiter '_', no connector words).</summary>
internal sealed record PhraseSettings(double Threshold = 10, int MinCount = 5, PhraseScorer Scorer =
    PhraseScorer.Default, long MaxBigrams = 40_000_000, int Passes = 1)
{
    /// <summary>The delimiter that joins a phrase's words (gensim's default).</summary>
    public const byte Delimiter = (byte)'_';

    /// <summary>Gensim's own checks of its arguments, and ours of the cap and passes: the first argument that does
    /// not pass, what it should be and what it is; null when all pass.</summary>
    public (string Argument, string Expected, string Found)? Problem() => this switch
    {
        { MinCount: < 1 } => (nameof(MinCount), "at least 1", Text(MinCount)),
        { Scorer: PhraseScorer.Default, Threshold: <= 0 or double.NaN } =>
            (nameof(Threshold), "above 0 with the default scorer", Text(Threshold)),
        { Scorer: PhraseScorer.Npmi, Threshold: < -1 or > 1 or double.NaN } =>
            (nameof(Threshold), "-1 to 1 with the npmi scorer", Text(Threshold)),
        { Scorer: not (PhraseScorer.Default or PhraseScorer.Npmi) } => (nameof(Scorer), "default or npmi",
            Scorer.ToString()),
        { MaxBigrams: < 1 } => (nameof(MaxBigrams), "at least 1", Text(MaxBigrams)),
        { Passes: < 1 } => (nameof(Passes), "at least 1", Text(Passes)),
        _ => null,
    };

    private static string Text(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}

/// <summary>
/// Learns phrases from a corpus held as word ids and joins them, pass after pass, as gensim's
/// <c>Phrases(sentences)[sentences]</c> does: counts (<see cref="PhraseCounts"/>), a score for every pair seen, and
/// then each line read left to right, a word and the next joined into one word "a_b" when their pair scores above
/// the threshold (and the word after them starting afresh). A second pass learns from the first's output, so it can
/// join phrases of up to four words.
/// </summary>
internal static class PhraseLearner
{
    /// <summary>The line end's word: no word can hold a line feed.</summary>
    public static readonly byte[] LineEnd = "\n"u8.ToArray();

    /// <summary>A phrase of a pass: its word, its score and how often it was joined.</summary>
    public sealed record Phrase(int Word, double Score)
    {
        public long Joined { get; set; }
    }

    /// <summary>Runs every pass over <paramref name="ids"/> (words of <paramref name="table"/>, which gains the
    /// phrases' words); returns the joined ids and each pass's phrases.</summary>
    public static (TokenIdBuilder Ids, List<List<Phrase>> Passes) Run(WordTable table, TokenIdBuilder ids,
        PhraseSettings settings)
    {
        var lineEnd = table.Add(LineEnd);
        var passes = new List<List<Phrase>>();
        for (var pass = 0; pass < settings.Passes; pass++)
        {
            var tokens = ids.Build();
            var counts = PhraseCounts.Count(tokens, table.Count, lineEnd, settings.MaxBigrams);
            var phrases = Detect(counts, table, settings);
            ids = Apply(tokens, lineEnd, phrases);
            passes.Add(phrases.Values.Where(p => p.Joined > 0).ToList());
        }
        return (ids, passes);
    }

    /// <summary>The ids from..to a chunk at a time, in one buffer that each chunk overwrites.</summary>
    public static IEnumerable<(int[] Buffer, int Length)> Chunks(TokenIds ids, long from, long to)
    {
        var buffer = new int[1 << 16];
        for (var at = from; at < to; at += buffer.Length)
        {
            var length = (int)Math.Min(buffer.Length, to - at);
            ids.CopyTo(at, buffer.AsSpan(0, length));
            yield return (buffer, length);
        }
    }

    /// <summary>Every pair that scores above the threshold (gensim's score_candidate), by its key.</summary>
    private static Dictionary<ulong, Phrase> Detect(PhraseCounts counts, WordTable table, PhraseSettings settings)
    {
        var (unigrams, shared, keys) = counts.Keyed(table, PhraseSettings.Delimiter);
        var phrases = new Dictionary<ulong, Phrase>();
        foreach (var (key, count) in counts.Pairs.Entries())
        {
            var (a, b) = PairCounts.Pair(key);
            var score = Score(settings, unigrams[a], unigrams[b], shared.GetValueOrDefault(key, count), keys,
                counts.Words);
            if (!(score > settings.Threshold)) continue;
            var word = table.Word(a).ToArray().Append(PhraseSettings.Delimiter).Concat(table.Word(b).ToArray());
            phrases[key] = new Phrase(table.Add(word.ToArray()), score);
        }
        return phrases;
    }

    /// <summary>
    /// gensim's original_scorer and npmi_scorer, in the same operations on doubles (so the same roundings): a, b and
    /// ab are the counts of the words and of the pair, <paramref name="keys"/> the unigram and bigram types,
    /// <paramref name="words"/> the corpus's words.
    /// </summary>
    internal static double Score(PhraseSettings settings, long a, long b, long ab, long keys, long words)
    {
        if (settings.Scorer == PhraseScorer.Default)
        {
            var denominator = a * b;
            return denominator == 0 ? double.NegativeInfinity
                : (double)(ab - settings.MinCount) / denominator * keys;
        }
        if (ab < settings.MinCount) return double.NegativeInfinity;
        var total = (double)words;
        var (pa, pb, pab) = (a / total, b / total, ab / total);
        return Math.Log(pab / (pa * pb)) / -Math.Log(pab);
    }

    /// <summary>Each line read left to right (gensim's analyze_sentence without connector words): a word and the
    /// next become the phrase's word when their pair is a phrase, and the word after starts afresh.</summary>
    private static TokenIdBuilder Apply(TokenIds ids, int lineEnd, Dictionary<ulong, Phrase> phrases)
    {
        var output = new TokenIdBuilder();
        var start = -1; // the word that may begin a phrase
        foreach (var (buffer, length) in Chunks(ids, 0, ids.Length))
        {
            foreach (var id in buffer.AsSpan(0, length))
            {
                if (id == lineEnd)
                {
                    if (start >= 0) output.Add((uint)start);
                    output.Add((uint)id);
                    start = -1;
                }
                else if (start < 0) start = id;
                else if (phrases.TryGetValue(PairCounts.Key(start, id), out var phrase))
                {
                    output.Add((uint)phrase.Word);
                    phrase.Joined++;
                    start = -1;
                }
                else
                {
                    output.Add((uint)start);
                    start = id;
                }
            }
        }
        if (start >= 0) output.Add((uint)start);
        return output;
    }

    /// <summary>Writes the ids as text: words parted by a space, each line ended by a line feed.</summary>
    public static void WriteText(TokenIds ids, WordTable table, Stream stream)
    {
        var lineEnd = table.Add(LineEnd);
        var (buffer, used, lineOpen) = (new byte[1 << 20], 0, false);
        foreach (var (chunk, length) in Chunks(ids, 0, ids.Length))
        {
            foreach (var id in chunk.AsSpan(0, length))
            {
                var word = table.Word(id);
                if (used + word.Length + 1 > buffer.Length)
                {
                    stream.Write(buffer, 0, used);
                    used = 0;
                    if (word.Length + 1 > buffer.Length) buffer = new byte[word.Length + 1];
                }
                if (lineOpen && id != lineEnd) buffer[used++] = (byte)' ';
                word.CopyTo(buffer.AsSpan(used));
                used += word.Length;
                lineOpen = id != lineEnd;
            }
        }
        stream.Write(buffer, 0, used);
    }

    /// <summary>A phrase's words as text (UTF-8; bytes that are not UTF-8 become U+FFFD).</summary>
    public static string Text(WordTable table, int word) => Encoding.UTF8.GetString(table.Word(word));
}
