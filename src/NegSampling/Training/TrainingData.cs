using NegSampling.Data;

namespace NegSampling.Training;

/// <summary>The corpus of a config as ids, with its vocabulary.</summary>
public sealed record TrainingData(Vocabulary Vocabulary, int[] Ids, string Source)
{
    /// <summary>
    /// Reads the config's corpus: a named corpus under the data directory (downloaded when missing) or a path.
    /// </summary>
    public static TrainingData Load(TrainingConfig config, string dataDirectory, DataDownloader? downloader = null)
    {
        var path = DataFile.FindCorpus(config.Corpus) is { } named
            ? (downloader ?? new DataDownloader()).EnsureAsync(named, dataDirectory).GetAwaiter().GetResult()
            : config.Corpus;
        if (!File.Exists(path))
            throw new FileNotFoundException($"corpus '{config.Corpus}' not found: no file {Path.GetFullPath(path)} (known names: {string.Join(", ", DataFile.All.Where(c => c.IsCorpus).Select(c => c.Name))})", path);
        var tokens = TextCorpus.ReadTokens(path, config.AppendEos, config.MaxTokens);
        var vocabulary = Vocabulary.Build(tokens, config.MinCount, config.MaxVocab, config.VocabOrder);
        if (vocabulary.Count == 0) throw new InvalidDataException($"corpus {path} is empty: no tokens (after minCount {config.MinCount})");
        // A second pass over the file rather than keeping the token strings: memory stays at the id array.
        var ids = vocabulary.Encode(TextCorpus.ReadTokens(path, config.AppendEos, config.MaxTokens));
        return new TrainingData(vocabulary, ids, path);
    }
}
