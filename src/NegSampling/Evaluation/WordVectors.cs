using NegSampling.Formats;
using static TorchSharp.torch;

namespace NegSampling.Evaluation;

/// <summary>
/// Trained word vectors (W_in) with the queries users know from gensim's KeyedVectors and the book's
/// util.py: most_similar, analogy (3CosAdd on unit vectors, query words excluded), and the benchmark scores.
/// All scoring runs as matrix products on the tensor's device.
/// </summary>
public sealed class WordVectors : IDisposable
{
    private readonly Dictionary<string, int> ids;

    /// <summary>Vectors (V x H, copied as float32) for the words, in row order.</summary>
    public WordVectors(IReadOnlyList<string> words, Tensor vectors)
    {
        if (vectors.dim() != 2 || vectors.shape[0] != words.Count)
            throw new ArgumentException($"{words.Count} words need a {words.Count} x H matrix; found " +
                $"[{string.Join(", ", vectors.shape)}]");
        Words = words;
        // Owned copies, detached from any dispose scope the caller is in: they live as long as this object.
        Vectors = vectors.detach().to_type(ScalarType.Float32, copy: true).DetachFromDisposeScope();
        Unit = (Vectors / Vectors.norm(1, keepdim: true).clamp_min(1e-12)).DetachFromDisposeScope();
        ids = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++) ids.TryAdd(words[i], i);
    }

    /// <summary>The words, in row order.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>V x H float32.</summary>
    public Tensor Vectors { get; }

    /// <summary>The number of words.</summary>
    public int Count => Words.Count;
    /// <summary>H, the width of a vector.</summary>
    public long Dimensions => Vectors.shape[1];

    /// <summary>Rows scaled to unit length (zero rows stay zero).</summary>
    public Tensor Unit { get; }

    /// <summary>Whether the word has a vector.</summary>
    public bool Contains(string word) => ids.ContainsKey(word);

    /// <summary>The row of a word; <see cref="UnknownWordException"/> with close spellings when it has none.</summary>
    public int IdOf(string word) => ids.TryGetValue(word, out var id) ? id : throw new UnknownWordException(word,
        CloseSpellings(word));

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

    /// <summary>Vocabulary words within edit distance 2, nearest first, at most three.</summary>
    public IReadOnlyList<string> CloseSpellings(string word) =>
        Words.Select(w => (w, d: EditDistance.Between(word.ToLowerInvariant(), w.ToLowerInvariant(), 2)))
            .Where(x => x.d <= 2).OrderBy(x => x.d).Take(3).Select(x => x.w).ToList();

    /// <summary>Cosine similarity of two words.</summary>
    public double Similarity(string a, string b) => Similarity(IdOf(a), IdOf(b));

    /// <summary>Cosine similarity of two rows.</summary>
    public double Similarity(int a, int b)
    {
        using var _ = NewDisposeScope();
        return Unit[a].dot(Unit[b]).item<float>();
    }

    /// <summary>The top words by cosine similarity to <paramref name="word"/>, the word itself excluded.</summary>
    public IReadOnlyList<Neighbour> MostSimilar(string word, int top = 5) => Nearest([(IdOf(word), 1.0)], top);

    /// <summary>a:b = c:? — gensim's most_similar(positive=[b, c], negative=[a]): 3CosAdd, query words
    /// excluded.</summary>
    public IReadOnlyList<Neighbour> Analogy(string a, string b, string c, int top = 5) =>
        Nearest([(IdOf(b), 1.0), (IdOf(c), 1.0), (IdOf(a), -1.0)], top);

    private List<Neighbour> Nearest(IReadOnlyList<(int Id, double Weight)> query, int top)
    {
        using var scope = NewDisposeScope();
        var scores = Unit.matmul(QueryVector(query));
        foreach (var (id, _) in query) scores[id] = float.NegativeInfinity;
        var k = (int)Math.Min(top, Count - query.Select(q => q.Id).Distinct().Count());
        var (values, indices) = scores.topk(k);
        var v = values.cpu().data<float>().ToArray();
        var i = indices.cpu().data<long>().ToArray();
        return Enumerable.Range(0, k).Select(j => new Neighbour(Words[(int)i[j]], v[j])).ToList();
    }

    /// <summary>gensim's query: the weighted mean of the unit vectors, scaled to unit length.</summary>
    private Tensor QueryVector(IReadOnlyList<(int Id, double Weight)> query)
    {
        var sum = zeros(Dimensions, ScalarType.Float32, Vectors.device);
        foreach (var (id, weight) in query) sum = sum + Unit[id] * weight;
        var mean = sum / query.Count;
        return mean / mean.norm().clamp_min(1e-12);
    }

    /// <summary>
    /// Vectors from a file of any known format, told by its content: a checkpoint (its W_in) or run directory, a
    /// PyTorch state_dict or safetensors file (w_in.weight), word2vec text or binary, the book's float16 .npy
    /// (gensim's load_word2vec_format, for every format).
    /// </summary>
    public static WordVectors Load(string path)
    {
        var (words, vectors) = VectorFile.Load(path);
        using (vectors) return new WordVectors(words, vectors);
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

    /// <summary>Writes the vectors in an export format (gensim's save_word2vec_format, for every format).</summary>
    public void Save(string path, VectorFormat format) => VectorFile.Save(Words, Vectors, path, format);

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Vectors.Dispose();
        Unit.Dispose();
    }
}
