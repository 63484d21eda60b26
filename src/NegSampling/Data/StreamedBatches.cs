namespace NegSampling.Data;

/// <summary>
/// word2vec's way through a corpus, a chunk of tokens at a time: frequent words dropped by word2vec's
/// subsampling formula, every remaining position a target, its window shrunk at random when dynamic
/// (word2vec's b = rand % window), and context slots outside the shrunk window or the chunk masked out; with a
/// sentence end given, outside the target's sentence too (as word2vec.c and gensim read text, a line at a time).
/// Memory is one chunk and one batch, whatever the corpus size. Chunks are independent, so workers can
/// take them in any order, and a chunk's batches depend only on the Random it is given.
/// </summary>
internal sealed class StreamedBatches
{
    public const int DefaultChunkTokens = 1 << 16;

    private readonly TokenIds corpus;
    private readonly double[]? keep;
    private readonly int sentenceEnd;

    /// <summary>
    /// Batches of <paramref name="corpus"/> with the given window, keep probabilities (null: keep all), and the id
    /// of the word that ends each sentence, itself its sentence's last word (null: windows run across sentences).
    /// </summary>
    public StreamedBatches(TokenIds corpus, int window, double[]? keepProbability, bool dynamicWindow,
        int? sentenceEnd = null, int chunkTokens = DefaultChunkTokens)
    {
        if (window < 1) throw new ArgumentException($"window must be at least 1; found {window}", nameof(window));
        this.corpus = corpus;
        keep = keepProbability;
        this.sentenceEnd = sentenceEnd ?? -1;
        Window = window;
        DynamicWindow = dynamicWindow;
        ChunkTokens = chunkTokens;
    }

    public int Window { get; }
    public bool DynamicWindow { get; }
    public int ChunkTokens { get; }
    public int Chunks => checked((int)((corpus.Length + ChunkTokens - 1) / ChunkTokens));

    /// <summary>Tokens of chunk c before subsampling.</summary>
    public int TokensIn(int chunk) => (int)Math.Min(ChunkTokens, corpus.Length - (long)chunk * ChunkTokens);

    /// <summary>
    /// word2vec's keep probability for each word: (sqrt(f / (s T)) + 1) (s T) / f for count f, corpus size T,
    /// threshold s; above 1 means always kept. Null (keep all) when s is 0.
    /// </summary>
    public static double[]? KeepProbabilities(IReadOnlyList<long> counts, double sample)
    {
        if (sample <= 0) return null;
        var threshold = sample * counts.Sum();
        return counts.Select(f => f == 0 ? 1 : (Math.Sqrt(f / threshold) + 1) * threshold / f).ToArray();
    }

    /// <summary>The batches of one chunk, filled into <paramref name="batch"/> (reused) one after another.</summary>
    public IEnumerable<ContextBatch> Batches(int chunk, ContextBatch batch, Random random)
    {
        var (tokens, readAt, sentence, count) = Subsampled(chunk, random);
        batch.Rows = 0;
        var (sentenceFirst, sentenceLast) = (0, -1); // the kept positions of the target's sentence
        for (var position = 0; position < count; position++)
        {
            if (position > sentenceLast)
            {
                (sentenceFirst, sentenceLast) = (position, position);
                while (sentenceLast + 1 < count && sentence[sentenceLast + 1] == sentence[position]) sentenceLast++;
            }
            var reach = DynamicWindow ? Window - random.Next(Window) : Window;
            // Offsets in use: first..-1 and 1..last; slots hold offsets -Window..-1, then 1..Window.
            var first = -Math.Min(reach, position - sentenceFirst);
            var last = Math.Min(reach, sentenceLast - position);
            if (last - first == 0) continue; // a lone token has no context to learn from
            FillRow(batch, tokens, position, first, last);
            // Every position makes a row once two tokens are kept, so the last one reads the chunk to its end.
            batch.TokensRead = position == count - 1 ? tokens.Length : readAt[position] + 1;
            if (batch.Rows == batch.Target.Length)
            {
                yield return batch;
                batch.Rows = 0;
            }
        }
        if (batch.Rows > 0) yield return batch;
    }

    /// <summary>
    /// The chunk's tokens that subsampling keeps (moved to the front), where each stood, the sentence of each (the
    /// sentence ends before it in the chunk, counted before subsampling), how many there are.
    /// </summary>
    private (int[] Tokens, int[] ReadAt, int[] Sentence, int Count) Subsampled(int chunk, Random random)
    {
        var tokens = new int[TokensIn(chunk)];
        corpus.CopyTo((long)chunk * ChunkTokens, tokens);
        var readAt = new int[tokens.Length]; // where each kept token stood in the chunk, for progress
        var sentence = new int[tokens.Length];
        var (count, ended) = (0, 0);
        for (var i = 0; i < tokens.Length; i++)
        {
            var id = tokens[i];
            var kept = keep is null || keep[id] >= 1 || keep[id] > random.NextDouble();
            if (kept) (readAt[count], sentence[count], tokens[count++]) = (i, ended, id);
            if (id == sentenceEnd) ended++;
        }
        return (tokens, readAt, sentence, count);
    }

    /// <summary>Appends the row of the target at <paramref name="position"/>, slots first to last in use.</summary>
    private void FillRow(ContextBatch batch, int[] tokens, int position, int first, int last)
    {
        // Locals, not properties, in the loop that fills every slot.
        var (contexts, mask, width) = (batch.Contexts, batch.Mask, batch.Width);
        var row = batch.Rows * width;
        for (var offset = -Window; offset <= Window; offset++)
        {
            if (offset == 0) continue;
            var slot = row + (offset < 0 ? offset + Window : offset + Window - 1);
            var inside = offset >= first && offset <= last;
            contexts[slot] = inside ? tokens[position + offset] : 0;
            mask[slot] = inside ? 1 : 0;
        }
        batch.Target[batch.Rows++] = tokens[position];
    }
}
