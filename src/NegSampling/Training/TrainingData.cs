using System.Runtime.CompilerServices;
using NegSampling.Data;
using NegSampling.Phrasing;

namespace NegSampling.Training;

/// <summary>The corpus of a config as ids, with its vocabulary; <see cref="FromCache"/> when read from the id
/// cache. A grown vocabulary (<see cref="GrownFrom"/>) is an initial model's and the corpus's new words, its counts
/// merged; <see cref="CorpusCounts"/> are then the corpus's own.</summary>
internal sealed class TrainingData(Vocabulary vocabulary, TokenIds ids, string source, bool fromCache = false,
    IReadOnlyList<long>? corpusCounts = null, int? grownFrom = null) : IDisposable
{
    /// <summary>The words and the counts the negative sampler draws by.</summary>
    public Vocabulary Vocabulary { get; } = vocabulary;

    /// <summary>Each word's count in this corpus (subsampling's): the vocabulary's, unless it was grown.</summary>
    public IReadOnlyList<long> CorpusCounts { get; } = corpusCounts ?? vocabulary.Counts;

    /// <summary>The initial model's words, the first of a grown vocabulary; null when the vocabulary is the
    /// corpus's.</summary>
    public int? GrownFrom { get; } = grownFrom;

    /// <summary>The corpus's ids, in memory or mapped from the id cache (owned: disposed with this).</summary>
    public TokenIds Ids { get; } = ids;

    /// <summary>Where the corpus came from, for messages.</summary>
    public string Source { get; } = source;

    public bool FromCache { get; } = fromCache;

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
        var settings = SettingsOf(config);
        var key = config.CorpusCache is null ? null : IdCache.Key(path, settings);
        if (key is null) return Read(path, settings);
        if (IdCache.TryLoad(config.CorpusCache!, key) is var (cachedVocabulary, cachedIds))
            return new TrainingData(cachedVocabulary, cachedIds, path, fromCache: true);
        Vocabulary vocabulary;
        using (IdCache.Lock(config.CorpusCache!, key))
        {
            // Another process may have filled the entry while this one waited for the lock: that one is mapped.
            if (IdCache.TryLoad(config.CorpusCache!, key) is var (theirVocabulary, theirIds))
                return new TrainingData(theirVocabulary, theirIds, path, fromCache: true);
            vocabulary = ReadIntoCache(path, settings, config.CorpusCache!, key);
        }
        // Read back mapped, so that the page cache holds the ids. The heap copy (4 bytes a token, pinned), out of
        // reach once ReadIntoCache returns, goes back to the system first, or both would count in the process.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return IdCache.TryLoad(config.CorpusCache!, key) is var (_, mapped)
            ? new TrainingData(vocabulary, mapped, path)
            : throw new IOException($"the id cache just written in {config.CorpusCache} (corpusCache) cannot be " +
                "read back");
    }

    /// <summary>The config's corpus-reading keys.</summary>
    public static CorpusSettings SettingsOf(TrainingConfig config) =>
        new(config.AppendEos, config.MaxTokens, config.MinCount, config.MaxVocab,
            config.IdOrder, Phrases(config));

    /// <summary>The config's phrase settings (null: phrasePasses 0), checked as gensim checks them.</summary>
    private static PhraseSettings? Phrases(TrainingConfig config)
    {
        if (config.PhrasePasses == 0) return null;
        var phrases = new PhraseSettings(config.PhraseThreshold, config.PhraseMinCount, config.PhraseScorer,
            Passes: config.PhrasePasses);
        return phrases.Problem() is var (argument, expected, found)
            ? throw new ConfigException("Phrase" + argument, expected, found) : phrases;
    }

    private static TrainingData Read(string path, CorpusSettings settings)
    {
        var (vocabulary, ids) = CorpusReader.Read(path, settings);
        return vocabulary.Count > 0
            ? new TrainingData(vocabulary, ids, path)
            : throw new InvalidDataException($"corpus {path} is empty: no tokens (after minCount {settings.MinCount})");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vocabulary ReadIntoCache(string path, CorpusSettings settings, string cache, string key)
    {
        var data = Read(path, settings);
        IdCache.Save(cache, key, data.Vocabulary, data.Ids);
        return data.Vocabulary;
    }

    /// <summary>
    /// Sentences given in memory as the corpus, read as the config reads a file: an end-of-sentence word after each
    /// sentence (appendEos), at most maxTokens tokens, the vocabulary by minCount, maxVocab and vocabOrder.
    /// </summary>
    public static TrainingData FromSentences(IEnumerable<IReadOnlyList<string>> sentences, TrainingConfig config)
    {
        if (config.PhrasePasses > 0)
            throw new ConfigException(nameof(config.PhrasePasses), "0 for sentences given in memory (phrases are " +
                "learnt from a corpus path)", ConfigCheck.Text(config.PhrasePasses));
        var tokens = sentences.SelectMany(s => config.AppendEos ? s.Append(ByteTokenizer.EndOfSentence) : s)
            .Take(config.MaxTokens is { } max ? checked((int)Math.Min(max, int.MaxValue)) : int.MaxValue).ToList();
        var vocabulary = Vocabulary.Build(tokens, config.MinCount, config.MaxVocab,
            config.IdOrder);
        if (vocabulary.Count == 0)
            throw new ArgumentException($"the sentences hold no word seen at least {config.MinCount} times (minCount)");
        return new TrainingData(vocabulary, TokenIds.From(vocabulary.Encode(tokens)), "sentences");
    }

    /// <summary>
    /// This corpus, read with every word (minCount 1), in another vocabulary that holds the initial model's
    /// <paramref name="grownFrom"/> words first: each token takes its word's id there, and the tokens of words
    /// outside it are dropped, as the reader drops words under minCount. The ids are held on the heap; this one's
    /// are let go.
    /// </summary>
    public TrainingData Into(Vocabulary grown, int grownFrom)
    {
        var map = Vocabulary.Words.Select(w => grown.TryGetId(w, out var id) ? id : -1).ToArray();
        var builder = new TokenIdBuilder();
        var buffer = new int[1 << 16];
        for (long start = 0; start < Ids.Length; start += buffer.Length)
        {
            var part = buffer.AsSpan(0, (int)Math.Min(buffer.Length, Ids.Length - start));
            Ids.CopyTo(start, part);
            foreach (var id in part)
                if (map[id] >= 0) builder.Add((uint)map[id]);
        }
        Dispose();
        return new TrainingData(grown, builder.Build(), Source, FromCache, builder.Counts(grown.Count), grownFrom);
    }

    /// <summary>Releases a mapped id file.</summary>
    public void Dispose() => Ids.Dispose();
}
