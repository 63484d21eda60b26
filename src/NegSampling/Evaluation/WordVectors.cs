using NegSampling.Data;
using NegSampling.Formats;
using NegSampling.Runtime;
using static TorchSharp.torch;

namespace NegSampling.Evaluation;

/// <summary>
/// Word vectors with the queries users know from gensim's KeyedVectors (most_similar with positive and negative
/// words, most_similar_cosmul, similarity, n_similarity, distance(s), doesnt_match, rank, closer_than, the mean and
/// unit vectors) and the book's util.py, computed as gensim computes them (float32, cosine as the dot product with
/// the matrix divided by the rows' norms), and the benchmark scores. The matrix is held once: the norms (one float
/// a word) are computed on the first query, the unit-normalised copy only when <see cref="Unit"/> is asked for.
/// Arguments are checked before anything runs (<see cref="ArgumentOutOfRangeException"/> naming the parameter; a
/// word outside the vocabulary is a <see cref="KeyNotFoundException"/>, as gensim's KeyError); after
/// <see cref="Dispose"/> every member throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class WordVectors : IDisposable
{
    /// <summary>At most this many candidate words are scanned for a "did you mean" (the first, most frequent in a
    /// file ordered by frequency), so that an unknown word in millions costs milliseconds.</summary>
    internal const int SpellingCandidates = 1_000_000;
    private const long ScoresPerBlock = 1 << 26; // 256 MB of float32 scores per product of a batch of queries

    private readonly WordIndex ids;
    private readonly Tensor vectors;
    private Tensor? norms, unit;
    private bool disposed;

    /// <summary>Vectors (V x H, copied as float32) for the words, in row order; each word once.</summary>
    public WordVectors(IReadOnlyList<string> words, Tensor vectors)
        : this(words, Checked(words, vectors).detach().to_type(ScalarType.Float32, copy: true), null)
    {
    }

    /// <summary>Takes <paramref name="owned"/> (V x H float32) as it is: it is disposed with this object.</summary>
    internal WordVectors(IReadOnlyList<string> words, Tensor owned, string? loadWarning)
    {
        Checked(words, owned);
        Words = words;
        // Detached from any dispose scope the caller is in: the matrix lives as long as this object.
        vectors = owned.DetachFromDisposeScope();
        LoadWarning = loadWarning;
        try { ids = new WordIndex(words); }
        catch
        {
            vectors.Dispose();
            throw;
        }
    }

    private static Tensor Checked(IReadOnlyList<string> words, Tensor vectors)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.dim() != 2 || vectors.shape[0] != words.Count)
            throw new ArgumentException($"{words.Count} words need a {words.Count} x H matrix; found " +
                $"[{string.Join(", ", vectors.shape)}]", nameof(vectors));
        return vectors;
    }

    /// <summary>The words, in row order (gensim's index_to_key).</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>V x H float32.</summary>
    public Tensor Vectors => Live(vectors);

    /// <summary>The number of words.</summary>
    public int Count => Words.Count;
    /// <summary>H, the width of a vector.</summary>
    public long Dimensions => Vectors.shape[1];

    /// <summary>The rows in the order <see cref="Save"/> writes them (a checkpoint's by its counts, unless the run
    /// asked for the book's order); null: as held.</summary>
    internal IReadOnlyList<int>? ExportRows { get; init; }

    /// <summary>Each word's corpus count, in row order (gensim's get_vecattr(word, "count")), for the vectors of a
    /// training, a checkpoint or a run directory; null for the other files, which hold none.</summary>
    public IReadOnlyList<long>? Counts { get; internal init; }

    /// <summary>
    /// The <paramref name="count"/> most frequent words (all of them when fewer) as vectors of their own, a copy of
    /// their rows: by <see cref="Counts"/>, else the first rows, as word2vec and gensim write words by falling
    /// frequency. They keep their counts, and <see cref="Save"/> writes them in the order it writes these.
    /// </summary>
    public WordVectors MostFrequent(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var kept = MostFrequentRows(count).Order().ToArray();
        var position = kept.Select((row, i) => (row, i)).ToDictionary(p => p.row, p => p.i);
        using var scope = NewDisposeScope();
        var rows = Vectors.index_select(0, tensor(kept.Select(row => (long)row).ToArray(), device: Vectors.device));
        return new WordVectors([.. kept.Select(row => Words[row])], rows, null)
        {
            Counts = Counts is null ? null : [.. kept.Select(row => Counts[row])],
            ExportRows = ExportRows?.Where(position.ContainsKey).Select(row => position[row]).ToList(),
        };
    }

    /// <summary>
    /// The rows of the <paramref name="top"/> most frequent words, most frequent first (ties in row order); without
    /// counts the first rows, as word2vec and gensim write words by falling frequency.
    /// </summary>
    public IReadOnlyList<int> MostFrequentRows(int top)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        return (Counts is null ? Enumerable.Range(0, Count) : Vocabulary.ByFallingCount(Counts)).Take(top).ToList();
    }

    /// <summary>What the loader had to say about the file (duplicate words dropped), or null.</summary>
    public string? LoadWarning { get; }

    /// <summary>Rows scaled to unit length (zero rows stay zero): a second V x H matrix, made on first use and kept
    /// (gensim's get_normed_vectors).</summary>
    public Tensor Unit => unit ??= (Vectors / Norms.unsqueeze(1)).DetachFromDisposeScope();

    /// <summary>The rows' lengths (zero rows: 1e-12), made on the first query.</summary>
    private Tensor Norms => norms ??= Vectors.norm(1).clamp_min(1e-12).DetachFromDisposeScope();

    private Tensor Live(Tensor t)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return t;
    }

    /// <summary>Whether the word has a vector.</summary>
    public bool Contains(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        Live(vectors);
        return ids.TryGetValue(word, out _);
    }

    /// <summary>The row of a word (gensim's get_index); when it has none, <see cref="KeyNotFoundException"/>, its
    /// message naming the word and its <see cref="CloseSpellings"/>.</summary>
    public int IdOf(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        Live(vectors);
        return ids.TryGetValue(word, out var id) ? id : throw Unknown(word);
    }

    private KeyNotFoundException Unknown(string word)
    {
        var close = CloseSpellings(word);
        return new KeyNotFoundException($"'{word}' is not in the vocabulary" +
            (close.Count > 0 ? $" (did you mean {string.Join(", ", close.Select(s => $"'{s}'"))}?)" : ""));
    }

    /// <summary>A word as the evaluations look it up: upper-cased when case-insensitive, as gensim does.</summary>
    public static string EvaluationKey(string word,
        bool caseInsensitive) => caseInsensitive ? word.ToUpperInvariant() : word;

    /// <summary>
    /// gensim's ok_vocab: each evaluation key to the lowest (most frequent) id among the words that share it.
    /// </summary>
    public Dictionary<string, int> EvaluationIds(bool caseInsensitive)
    {
        var table = new Dictionary<string, int>(Count, StringComparer.Ordinal);
        for (var i = Count - 1; i >= 0; i--) table[EvaluationKey(Words[i], caseInsensitive)] = i;
        return table;
    }

    /// <summary>Words within edit distance 2 (ignoring case), nearest first, at most three, among the first
    /// <see cref="SpellingCandidates"/>.</summary>
    public IReadOnlyList<string> CloseSpellings(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var found = new List<(string Word, int Distance)>();
        for (var i = 0; i < Math.Min(Count, SpellingCandidates); i++)
        {
            var d = EditDistance.Between(word, Words[i], 2);
            if (d <= 2) found.Add((Words[i], d));
        }
        return found.OrderBy(x => x.Distance).Take(3).Select(x => x.Word).ToList();
    }

    /// <summary>A word's vector (gensim's get_vector), a copy.</summary>
    public float[] Vector(string word)
    {
        using var _ = NewDisposeScope();
        return Values(Vectors[IdOf(word)]);
    }

    /// <summary>A word's vector scaled to unit length (gensim's get_vector(norm=True)), a copy.</summary>
    public float[] UnitVector(string word)
    {
        using var _ = NewDisposeScope();
        return Values(UnitRow(IdOf(word)));
    }

    /// <summary>
    /// gensim's get_mean_vector: the mean of the words' vectors (each scaled to unit length first when
    /// <paramref name="preNormalize"/>; the mean scaled to unit length when <paramref name="postNormalize"/>).
    /// Words outside the vocabulary are skipped when <paramref name="ignoreMissing"/> (gensim's default), else
    /// refused.
    /// </summary>
    public float[] MeanVector(IEnumerable<string> words, bool preNormalize = true, bool postNormalize = false,
        bool ignoreMissing = true)
    {
        ArgumentNullException.ThrowIfNull(words);
        var list = words.ToList();
        if (list.Count == 0) throw new ArgumentException("cannot compute the mean of no words", nameof(words));
        var rows = list.Where(w => !ignoreMissing || Contains(w)).Select(w => (IdOf(w), 1.0)).ToList();
        using var _ = NewDisposeScope();
        return Values(Mean(rows, preNormalize, postNormalize));
    }

    /// <summary>Cosine similarity of two words (gensim's similarity).</summary>
    public double Similarity(string a, string b) => Similarity(IdOf(a), IdOf(b));

    /// <summary>Cosine similarity of two rows.</summary>
    public double Similarity(int a, int b)
    {
        Row(a, nameof(a));
        Row(b, nameof(b));
        using var _ = NewDisposeScope();
        return UnitVectorOf(Vectors[a]).dot(UnitVectorOf(Vectors[b])).item<float>();
    }

    /// <summary>Cosine distance of two words, 1 - <see cref="Similarity(string, string)"/> (gensim's
    /// distance).</summary>
    public double Distance(string a, string b) => 1 - Similarity(a, b);

    /// <summary>Cosine distances from a word to <paramref name="others"/>, or to every word, in row order, when
    /// none are given (gensim's distances).</summary>
    public float[] Distances(string word, IEnumerable<string>? others = null)
    {
        var id = IdOf(word);
        var rows = others?.Select(IdOf).Select(i => (long)i).ToArray();
        using var _ = NewDisposeScope();
        var candidates = rows is { Length: > 0 } ? Vectors.index_select(0, tensor(rows)) : Vectors;
        var candidateNorms = rows is { Length: > 0 } ? Norms.index_select(0, tensor(rows)) : Norms;
        var v = Vectors[id];
        return Values(1 - candidates.matmul(v) / (candidateNorms * v.norm()));
    }

    /// <summary>Cosine similarity of the means of two lists of words (gensim's n_similarity: the raw vectors'
    /// means).</summary>
    public double NSimilarity(IEnumerable<string> first, IEnumerable<string> second)
    {
        var a = Ids(first, nameof(first));
        var b = Ids(second, nameof(second));
        using var _ = NewDisposeScope();
        return Mean(a, false, true).dot(Mean(b, false, true)).item<float>();
    }

    /// <summary>The top words by cosine similarity to <paramref name="word"/>, the word itself excluded, among the
    /// first <paramref name="restrictVocab"/> rows when given (gensim's most_similar(word, topn,
    /// restrict_vocab)). <paramref name="top"/> 0 gives no answers.</summary>
    public IReadOnlyList<Neighbour> MostSimilar(string word, int top = 10, int? restrictVocab = null) =>
        MostSimilar([word], [], top, restrictVocab);

    /// <summary>
    /// gensim's most_similar(positive, negative, topn, restrict_vocab): the words nearest by cosine to the mean of
    /// the positive words' unit vectors and the negated negative words', the query words excluded.
    /// </summary>
    public IReadOnlyList<Neighbour> MostSimilar(IEnumerable<string> positive, IEnumerable<string>? negative,
        int top = 10, int? restrictVocab = null)
    {
        var query = Query(positive, negative);
        var end = Restricted(top, restrictVocab);
        using var _ = NewDisposeScope();
        var mean = Mean(query, true, true);
        return Best(Cosines(mean, end), query.Select(q => q.Id), top);
    }

    /// <summary>The top words by cosine similarity to a vector (gensim's similar_by_vector).</summary>
    public IReadOnlyList<Neighbour> SimilarByVector(float[] vector, int top = 10, int? restrictVocab = null)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Length != Dimensions)
            throw new ArgumentException($"expected {Dimensions} values, found {vector.Length}", nameof(vector));
        var end = Restricted(top, restrictVocab);
        using var _ = NewDisposeScope();
        return Best(Cosines(UnitVectorOf(tensor(vector).to(Vectors.device)), end), [], top);
    }

    /// <summary>
    /// gensim's most_similar_cosmul (Levy and Goldberg's 3CosMul): the product of the cosines (shifted to [0, 1])
    /// to the positive words divided by the product of those to the negative words (plus 1e-6), query words
    /// excluded. gensim 4.2 takes restrict_vocab here and ignores it; here it restricts, as in most_similar.
    /// </summary>
    public IReadOnlyList<Neighbour> MostSimilarCosmul(IEnumerable<string> positive, IEnumerable<string>? negative,
        int top = 10, int? restrictVocab = null)
    {
        var query = Query(positive, negative);
        var end = Restricted(top, restrictVocab);
        using var _ = NewDisposeScope();
        Tensor Product(IEnumerable<int> rows) => rows.Aggregate(ones(end, ScalarType.Float32, Vectors.device),
            (product, id) => product * ((1 + Cosines(UnitRow(id), end)) / 2));
        var scores = Product(query.Where(q => q.Weight > 0).Select(q => q.Id))
                     / (Product(query.Where(q => q.Weight < 0).Select(q => q.Id)) + 0.000001f);
        return Best(scores, query.Select(q => q.Id), top);
    }

    /// <summary>a:b = c:? — gensim's most_similar(positive=[b, c], negative=[a]): 3CosAdd, query words
    /// excluded.</summary>
    public IReadOnlyList<Neighbour> Analogy(string a, string b, string c, int top = 10) =>
        MostSimilar([b, c], [a], top);

    /// <summary>
    /// The top words for each word, the word itself excluded, as <see cref="MostSimilar(string, int, int?)"/>
    /// gives them one by one, but answered by one matrix product per block of queries.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Neighbour>> MostSimilarBatch(IEnumerable<string> words, int top = 10,
        int? restrictVocab = null)
    {
        var rows = Ids(words, nameof(words)).Select(q => q.Id).ToArray();
        var end = Restricted(top, restrictVocab);
        var answers = new List<IReadOnlyList<Neighbour>>(rows.Length);
        // A query's own row is among its top + 1 when in range: take those and leave it out, as gensim does.
        var k = (int)Math.Min(top + 1L, end);
        var perBlock = (int)Math.Clamp(ScoresPerBlock / end, 1, 4096);
        for (var first = 0; first < rows.Length; first += perBlock)
        {
            using var _ = NewDisposeScope();
            var block = rows.Skip(first).Take(perBlock).ToArray();
            var queries = UnitRows(tensor(block.Select(i => (long)i).ToArray(), device: Vectors.device));
            // One row of scores a query (B x V), so that each query's top k is read from contiguous memory.
            var scores = queries.matmul(Vectors.narrow(0, 0, end).t()) / Norms.narrow(0, 0, end).unsqueeze(0);
            var (values, indices) = scores.topk(k, dim: 1);
            var v = Values(values);
            var ix = indices.cpu().data<long>().ToArray();
            for (var j = 0; j < block.Length; j++)
                answers.Add(Enumerable.Range(j * k, k).Where(c => ix[c] != block[j]).Take(top)
                    .Select(c => new Neighbour(Words[(int)ix[c]], v[c])).ToList());
        }
        return answers;
    }

    /// <summary>The word of <paramref name="words"/> farthest from their mean (gensim's doesnt_match: the unit
    /// vectors' mean); words outside the vocabulary are skipped, as gensim skips them.</summary>
    public string DoesntMatch(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var used = words.Where(Contains).ToList();
        if (used.Count == 0)
            throw new ArgumentException("none of the words is in the vocabulary", nameof(words));
        using var _ = NewDisposeScope();
        var rows = UnitRows(tensor(used.Select(w => (long)IdOf(w)).ToArray(), device: Vectors.device));
        var mean = UnitVectorOf(rows.mean([0]));
        var distances = Values(rows.matmul(mean));
        // gensim sorts (score, word) pairs, highest first, and takes the last.
        return used.Zip(distances).OrderBy(x => x.Second).ThenBy(x => x.First, StringComparer.Ordinal).First().First;
    }

    /// <summary>The words closer to <paramref name="word"/> than <paramref name="other"/> is, in row order, the
    /// word itself left out (gensim's closer_than and words_closer_than).</summary>
    public IReadOnlyList<string> CloserThan(string word, string other)
    {
        var (a, b) = (IdOf(word), IdOf(other));
        var distances = Distances(word);
        return Enumerable.Range(0, Count).Where(i => distances[i] < distances[b] && i != a).Select(i => Words[i])
            .ToList();
    }

    /// <summary>The rank of <paramref name="other"/> among the words by distance from <paramref name="word"/>: 1 +
    /// the number of words closer (gensim's rank).</summary>
    public int Rank(string word, string other) => CloserThan(word, other).Count + 1;

    private static float[] Values(Tensor t) => t.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray();

    private static Tensor UnitVectorOf(Tensor v) => v / v.norm().clamp_min(1e-12);

    private Tensor UnitRow(int id) => Vectors[id] / Norms[id];

    /// <summary>Unit rows of the given ids.</summary>
    private Tensor UnitRows(Tensor rows) => Vectors.index_select(0, rows) / Norms.index_select(0, rows).unsqueeze(1);

    /// <summary>Cosines of every row before <paramref name="end"/> with a unit vector.</summary>
    private Tensor Cosines(Tensor unitVector, long end) =>
        Vectors.narrow(0, 0, end).matmul(unitVector) / Norms.narrow(0, 0, end);

    /// <summary>gensim's get_mean_vector: sum(weight x row) / sum(|weight|), rows unit first when
    /// <paramref name="preNormalize"/>, the mean unit when <paramref name="postNormalize"/>.</summary>
    private Tensor Mean(IReadOnlyList<(int Id, double Weight)> rows, bool preNormalize, bool postNormalize)
    {
        var sum = zeros(Dimensions, ScalarType.Float32, Vectors.device);
        foreach (var (id, weight) in rows) sum += (preNormalize ? UnitRow(id) : Vectors[id]) * weight;
        var total = rows.Sum(r => Math.Abs(r.Weight));
        var mean = total > 0 ? sum / total : sum;
        return postNormalize ? UnitVectorOf(mean) : mean;
    }

    private List<(int Id, double Weight)> Ids(IEnumerable<string> words, string name)
    {
        ArgumentNullException.ThrowIfNull(words, name);
        var rows = words.Select(w => (IdOf(w), 1.0)).ToList();
        if (rows.Count == 0) throw new ArgumentException("expected at least one word", name);
        return rows;
    }

    private List<(int Id, double Weight)> Query(IEnumerable<string> positive, IEnumerable<string>? negative)
    {
        ArgumentNullException.ThrowIfNull(positive);
        var query = positive.Select(w => (IdOf(w), 1.0)).Concat((negative ?? []).Select(w => (IdOf(w), -1.0)))
            .ToList();
        if (query.Count == 0)
            throw new ArgumentException("cannot compute similarity with no input", nameof(positive));
        return query;
    }

    private void Row(int id, string name)
    {
        Live(vectors);
        if (id < 0 || id >= Count)
            throw new ArgumentOutOfRangeException(name, id, $"a row of 0 to {Count - 1} was expected");
    }

    /// <summary>Checks top and restrictVocab; the rows searched (all, or the first restrictVocab).</summary>
    private long Restricted(int top, int? restrictVocab)
    {
        Live(vectors);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        if (restrictVocab is { } n && (n < 1 || n > Count))
            throw new ArgumentOutOfRangeException(nameof(restrictVocab), n,
                $"the first 1 to {Count} rows may be searched");
        return restrictVocab ?? Count;
    }

    /// <summary>The best <paramref name="top"/> of the scores, the excluded rows left out.</summary>
    private List<Neighbour> Best(Tensor scores, IEnumerable<int> excluded, int top)
    {
        var left = excluded.Distinct().Where(id => id < scores.shape[0]).ToList();
        foreach (var id in left) scores[id] = float.NegativeInfinity;
        var k = (int)Math.Min(top, scores.shape[0] - left.Count);
        if (k <= 0) return [];
        var (values, indices) = scores.topk(k);
        var v = Values(values);
        var i = indices.cpu().data<long>().ToArray();
        return Enumerable.Range(0, k).Select(j => new Neighbour(Words[(int)i[j]], v[j])).ToList();
    }

    /// <summary>
    /// Vectors from a file of any known format, told by its content: a checkpoint (its W_in) or run directory, a
    /// PyTorch state_dict or safetensors file (w_in.weight), word2vec text or binary, headerless (GloVe) text, the
    /// book's float16 .npy (gensim's load_word2vec_format, for every format): the first <paramref name="limit"/>
    /// words when given (gensim's limit=). A word2vec file that holds a word twice keeps its first vector, as
    /// gensim does, and <see cref="LoadWarning"/> says so.
    /// </summary>
    public static WordVectors Load(string path, long? limit = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (limit is < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "at least 1 vector");
        NativeRuntime.Prepare();
        var loaded = VectorFile.Load(path, limit ?? long.MaxValue);
        return Taking(loaded.Words, loaded.Vectors, loaded.Warning, loaded.ExportRows, loaded.Counts);
    }

    /// <summary>Takes <paramref name="matrix"/> (V x H): as it is when float32, else converted (and the original
    /// freed); it is disposed with the vectors.</summary>
    internal static WordVectors Taking(IReadOnlyList<string> words, Tensor matrix, string? loadWarning,
        IReadOnlyList<int>? exportRows, IReadOnlyList<long>? counts) =>
        new(words, matrix.dtype == ScalarType.Float32 ? matrix : Float32(matrix), loadWarning)
        { ExportRows = exportRows, Counts = counts };

    private static Tensor Float32(Tensor t)
    {
        using (t) return t.to_type(ScalarType.Float32);
    }

    /// <summary>
    /// Accuracy on analogy questions (Mikolov's questions-words.txt format), as gensim's evaluate_word_analogies:
    /// the questions whose four words are in the vocabulary, 3CosAdd excluding the three question words.
    /// </summary>
    public AnalogyResult EvaluateWordAnalogies(string path, bool caseInsensitive = true) =>
        AnalogyEvaluation.Evaluate(this, path, caseInsensitive);

    /// <summary>Spearman and Pearson correlation with human similarity scores (WordSim-353's format), as gensim's
    /// evaluate_word_pairs, over the pairs inside the vocabulary.</summary>
    public WordPairResult EvaluateWordPairs(string path, bool caseInsensitive = true) =>
        WordPairEvaluation.Evaluate(this, path, caseInsensitive);

    /// <summary>Writes the vectors in an export format (gensim's save_word2vec_format, for every format). Vectors of
    /// a checkpoint or of a training are written by falling corpus count (ties in id order), as word2vec and gensim
    /// write them, unless the run asked for the book's order (vocabOrder firstOccurrence); others in their
    /// order. <see cref="VectorFormat.Projector"/> writes the Embedding Projector's files into the directory
    /// <paramref name="path"/>, with <see cref="Counts"/> where there are counts.</summary>
    public void Save(string path, VectorFormat format) =>
        VectorFile.Save(Words, Vectors, path, format, ExportRows, Counts);

    /// <summary>Frees the tensors; every member throws <see cref="ObjectDisposedException"/> after.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        vectors.Dispose();
        norms?.Dispose();
        unit?.Dispose();
    }
}
