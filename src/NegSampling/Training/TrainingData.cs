using NegSampling.Data;

namespace NegSampling.Training;

/// <summary>The corpus of a config as ids, with its vocabulary; <see cref="FromCache"/> when read from the id
/// cache.</summary>
public sealed record TrainingData(Vocabulary Vocabulary, TokenIds Ids, string Source,
    bool FromCache = false) : IDisposable
{
    /// <summary>
    /// Reads the config's corpus: a named corpus under the data directory (downloaded when missing) or a path
    /// (a file, plain or compressed, or a directory of them). With corpusCache set, a corpus read before with
    /// the same settings is mapped from the cache instead, and one read now is cached.
    /// </summary>
    public static TrainingData Load(TrainingConfig config, string dataDirectory, DataDownloader? downloader = null)
    {
        var path = DataFile.FindCorpus(config.Corpus) is { } named
            ? (downloader ?? new DataDownloader()).EnsureAsync(named, dataDirectory).GetAwaiter().GetResult()
            : config.Corpus;
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException(
                $"corpus '{config.Corpus}' not found: no file or directory {Path.GetFullPath(path)} " +
                $"(known names: {string.Join(", ", DataFile.All.Where(c => c.IsCorpus).Select(c => c.Name))})", path);
        var settings = new CorpusSettings(config.AppendEos, config.MaxTokens, config.MinCount, config.MaxVocab,
            config.VocabOrder);
        var key = config.CorpusCache is null ? null : IdCache.Key(path, settings);
        if (key is not null && IdCache.TryLoad(config.CorpusCache!, key) is var (cachedVocabulary, cachedIds))
            return new TrainingData(cachedVocabulary, cachedIds, path, FromCache: true);
        var (vocabulary, ids) = CorpusReader.Read(path, settings);
        if (vocabulary.Count == 0)
            throw new InvalidDataException($"corpus {path} is empty: no tokens (after minCount {config.MinCount})");
        if (key is null) return new TrainingData(vocabulary, ids, path);
        IdCache.Save(config.CorpusCache!, key, vocabulary, ids);
        // Read back mapped, so that the page cache holds the ids and the heap copy goes.
        return IdCache.TryLoad(config.CorpusCache!, key) is var (_, mapped)
            ? new TrainingData(vocabulary, mapped, path)
            : new TrainingData(vocabulary, ids, path);
    }

    /// <summary>
    /// Sentences given in memory as the corpus, read as the config reads a file: an end-of-sentence word after each
    /// sentence (appendEos), at most maxTokens tokens, the vocabulary by minCount, maxVocab and vocabOrder.
    /// </summary>
    public static TrainingData FromSentences(IEnumerable<IReadOnlyList<string>> sentences, TrainingConfig config)
    {
        var tokens = sentences.SelectMany(s => config.AppendEos ? s.Append(ByteTokenizer.EndOfSentence) : s)
            .Take(config.MaxTokens is { } max ? checked((int)Math.Min(max, int.MaxValue)) : int.MaxValue).ToList();
        var vocabulary = Vocabulary.Build(tokens, config.MinCount, config.MaxVocab, config.VocabOrder);
        if (vocabulary.Count == 0)
            throw new ArgumentException($"the sentences hold no word seen at least {config.MinCount} times (minCount)");
        return new TrainingData(vocabulary, TokenIds.From(vocabulary.Encode(tokens)), "sentences");
    }

    /// <summary>Releases a mapped id file.</summary>
    public void Dispose() => Ids.Dispose();
}
