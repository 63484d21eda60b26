using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NegSampling.Formats;

namespace NegSampling.Data;

/// <summary>
/// A corpus read once and kept as files: &lt;key&gt;.ids (uint32 per token, memory-mapped when read back, so
/// the page cache rather than the heap holds the corpus) and &lt;key&gt;.vocab (a JSON header line, then one
/// "count TAB word" line per word, in id order). The key hashes the files' paths, sizes and times and the
/// reading settings, so a changed corpus or setting is read afresh. The .vocab file is written last and
/// marks the pair complete; a damaged pair is ignored and replaced. A process fills an entry under the entry's lock
/// (&lt;key&gt;.lock), so that two filling it at once take turns and the second maps the first's.
/// </summary>
internal static class IdCache
{
    private const int FormatVersion = 1;

    /// <summary>The cache key of a corpus path read with the given settings.</summary>
    public static string Key(string path, CorpusSettings settings)
    {
        var text = new StringBuilder($"v{FormatVersion}|{settings}");
        foreach (var file in CorpusInput.Files(path))
        {
            var info = new FileInfo(file);
            text.Append(CultureInfo.InvariantCulture, $"|{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    /// <summary>The cached vocabulary and mapped ids, or null when there is no complete, sound entry.</summary>
    public static (Vocabulary Vocabulary, TokenIds Ids)? TryLoad(string directory, string key)
    {
        var (idsPath, vocabPath) = Paths(directory, key);
        if (!File.Exists(vocabPath) || !File.Exists(idsPath)) return null;
        try
        {
            using var reader = new StreamReader(vocabPath, Encoding.UTF8);
            var header = JsonNode.Parse(reader.ReadLine() ?? "")!.AsObject();
            var tokens = header["tokens"]!.GetValue<long>();
            var (words, counts) = (new List<string>(), new List<long>());
            while (reader.ReadLine() is { } line)
            {
                var tab = line.IndexOf('\t');
                counts.Add(long.Parse(line.AsSpan(0, tab), CultureInfo.InvariantCulture));
                words.Add(line[(tab + 1)..]);
            }
            if (header["formatVersion"]!.GetValue<int>() != FormatVersion
                || words.Count != header["words"]!.GetValue<int>()
                || new FileInfo(idsPath).Length != tokens * sizeof(uint)) return null;
            var ids = TokenIds.Map(idsPath);
            if (ids.Length > 0 && ids.Max() >= words.Count)
            {
                ids.Dispose();
                return null;
            }
            return (new Vocabulary(words, counts), ids);
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or NullReferenceException
                                      or InvalidOperationException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The lock file of an entry.</summary>
    public static string LockPath(string directory, string key) => Path.Combine(directory, key + ".lock");

    /// <summary>Takes an entry's lock, waiting while another process holds it (fills the entry).</summary>
    public static LockFile Lock(string directory, string key)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return LockFile.Wait(LockPath(directory, key));
        }
        catch (Exception e) when (WriteError.Reason(e) is { } why) { throw Unwritable(directory, why, e); }
    }

    /// <summary>Writes an entry (ids first, then the vocabulary that completes it), each atomically; the caller holds
    /// the entry's <see cref="Lock"/>.</summary>
    public static void Save(string directory, string key, Vocabulary vocabulary, TokenIds ids)
    {
        try { Write(directory, key, vocabulary, ids); }
        catch (Exception e) when (WriteError.Reason(e) is { } why) { throw Unwritable(directory, why, e); }
    }

    /// <summary>The one line for a cache folder that cannot be written, in the config's words.</summary>
    private static IOException Unwritable(string directory, string why, Exception e) =>
        new($"cannot write the id cache in {Path.GetFullPath(directory)}: {why}; set corpusCache to another folder",
            e);

    private static void Write(string directory, string key, Vocabulary vocabulary, TokenIds ids)
    {
        Directory.CreateDirectory(directory);
        var (idsPath, vocabPath) = Paths(directory, key);
        AtomicFile.Write(idsPath, ids.WriteTo);
        AtomicFile.Write(vocabPath, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            var header = new JsonObject
            {
                ["formatVersion"] = FormatVersion,
                ["tokens"] = ids.Length,
                ["words"] = vocabulary.Count
            };
            writer.Write(header.ToJsonString() + "\n");
            for (var i = 0; i < vocabulary.Count; i++)
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{vocabulary.Counts[i]}\t{vocabulary.Words[i]}\n"));
        });
    }

    private static (string Ids, string Vocab) Paths(string directory, string key) =>
        (Path.Combine(directory, key + ".ids"), Path.Combine(directory, key + ".vocab"));
}
