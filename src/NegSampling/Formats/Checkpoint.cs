using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NegSampling.Training;
using static TorchSharp.torch;

namespace NegSampling.Formats;

/// <summary>
/// A training checkpoint: weights, optimizer state, sampler RNG state, position, vocabulary, config and loss
/// history. One file: magic, format version, a JSON header (metadata and a tensor directory), raw
/// little-endian tensor bytes, and a SHA-256 of all that, so truncation or corruption is a clear error. Any
/// size: tensors are written and read through a buffer.
/// Only data is read back: no code, no pickles. Saved atomically (temporary file, flush, rename).
/// </summary>
internal sealed class Checkpoint : IDisposable
{
    /// <summary>The version written; version 1 (no chunk position) is still read.</summary>
    public const int FormatVersion = 2;

    /// <summary>The file extension of checkpoints.</summary>
    public const string Extension = ".nsck";

    /// <summary>W_in's name among the tensors.</summary>
    public const string WIn = "W_in";

    /// <summary>W_out's name among the tensors.</summary>
    public const string WOut = "W_out";

    /// <summary>What the optimizer's state tensors' names start with.</summary>
    private const string OptimizerPrefix = "optimizer.";

    private static readonly byte[] Magic = "NSCKPT\n\0"u8.ToArray();
    private const int HashLength = 32;
    private const int BufferBytes = 1 << 20;

    /// <summary>The run's config as JSON (every key).</summary>
    public required JsonObject Config { get; init; }

    /// <summary>The vocabulary, in id order.</summary>
    public required IReadOnlyList<string> Words { get; init; }

    /// <summary>The corpus count of each word.</summary>
    public required IReadOnlyList<long> Counts { get; init; }

    /// <summary>The epoch in progress (0-based).</summary>
    public required int Epoch { get; init; }

    /// <summary>The iterations (steps) already done in that epoch.</summary>
    public required long Iteration { get; init; }

    /// <summary>The fast mode's chunks already done in that epoch (0 in the faithful mode).</summary>
    public long Chunk { get; init; }

    /// <summary>The fast mode's corpus tokens in those chunks (0 in the faithful mode).</summary>
    public long EpochTokens { get; init; }

    /// <summary>The processes (mpirun's ranks) of the run that wrote it; 1 before runs on several processes.</summary>
    public int Ranks { get; init; } = 1;

    /// <summary>The ranks' weight syncs done when it was written (0 for a process alone).</summary>
    public long Syncs { get; init; }

    /// <summary>For a run whose vocabulary was grown from an initial model's: that model's words, the first of
    /// <see cref="Words"/>; null otherwise (and before vocabularies grew).</summary>
    public int? GrownFrom { get; init; }

    /// <summary>Steps done in the whole run.</summary>
    public required long Step { get; init; }

    /// <summary>The optimizer's step count (Adam's bias corrections).</summary>
    public required long OptimizerSteps { get; init; }

    /// <summary>The state of the sampler's generator.</summary>
    public required byte[] SamplerState { get; init; }

    /// <summary>Loss summed over the iterations since the last logged average.</summary>
    public required double PendingLossSum { get; init; }

    /// <summary>The number of those iterations.</summary>
    public required int PendingLossCount { get; init; }

    /// <summary>The loss log so far.</summary>
    public required IReadOnlyList<LossRecord> History { get; init; }

    /// <summary>W_in, W_out and the optimizer's state, by name.</summary>
    public required IReadOnlyDictionary<string, Tensor> Tensors { get; init; }

    /// <summary>A tensor by name; a checkpoint without it is refused in one line.</summary>
    public Tensor Tensor(string name) => Tensors.TryGetValue(name, out var t)
        ? t : throw new InvalidDataException($"{LoadedFrom ?? "checkpoint"}: checkpoint has no {name}");

    /// <summary>The optimizer's state tensors by their own names.</summary>
    public IReadOnlyDictionary<string, Tensor> OptimizerState =>
        Tensors.Where(t => t.Key.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            .ToDictionary(t => t.Key[OptimizerPrefix.Length..], t => t.Value);

    /// <summary>W_in, W_out and an optimizer's state by the names a checkpoint gives them.</summary>
    public static Dictionary<string, Tensor> TensorsOf(Tensor wIn, Tensor wOut,
        IEnumerable<(string Name, Tensor Tensor)> optimizerState)
    {
        var tensors = new Dictionary<string, Tensor> { [WIn] = wIn, [WOut] = wOut };
        foreach (var (name, t) in optimizerState) tensors[OptimizerPrefix + name] = t;
        return tensors;
    }

    /// <summary>The file this checkpoint was read from (null for one built in memory); not saved.</summary>
    public string? LoadedFrom { get; init; }

    /// <summary>The rows in the order the vector exports write them: by the counts, unless the run's config asked
    /// for the book's order (<see cref="VectorFile.ExportRows"/>).</summary>
    public int[]? ExportRows => VectorFile.ExportRows(Counts, TrainingConfig.ForResume(Config, []).VocabOrder);

    /// <summary>checkpoint-000001234.nsck: the step in the name, zero-padded so names sort by step.</summary>
    public static string FileName(long step) => $"checkpoint-{step:D9}{Extension}";

    /// <summary>Writes the checkpoint atomically and flushed to disk, a tensor at a time through a buffer: any size,
    /// past the 2 GB of a span. <paramref name="wrap"/> stands between the writer and the file (see
    /// <see cref="AtomicFile.Write"/>).</summary>
    public void Save(string path, Func<Stream, Stream>? wrap = null)
    {
        var directory = TensorsInOrder();
        var headerBytes = Encoding.UTF8.GetBytes(Header(directory).ToJsonString());
        AtomicFile.Write(path, stream =>
        {
            using var sha = SHA256.Create();
            using (var hashed = new CryptoStream(stream, sha, CryptoStreamMode.Write, leaveOpen: true))
            {
                hashed.Write(Magic);
                hashed.Write(BitConverter.GetBytes(FormatVersion));
                hashed.Write(BitConverter.GetBytes((long)headerBytes.Length));
                hashed.Write(headerBytes);
                foreach (var (_, t) in directory)
                {
                    using var cpuCopy = t.detach().cpu().contiguous();
                    cpuCopy.WriteBytesToStream(hashed, BufferBytes);
                }
                hashed.FlushFinalBlock();
            }
            stream.Write(sha.Hash);
        }, flushToDisk: true, wrap);
    }

    /// <summary>The JSON header: every field, and the tensors' names, dtypes and shapes in file order.</summary>
    private JsonObject Header(List<(string Name, Tensor Tensor)> directory) => new()
    {
        ["formatVersion"] = FormatVersion,
        ["config"] = Config.DeepClone(),
        ["words"] = new JsonArray(Words.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
        ["counts"] = new JsonArray(Counts.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
        ["epoch"] = Epoch,
        ["iteration"] = Iteration,
        ["chunk"] = Chunk,
        ["epochTokens"] = EpochTokens,
        ["ranks"] = Ranks,
        ["syncs"] = Syncs,
        ["grownFrom"] = GrownFrom,
        ["step"] = Step,
        ["optimizerSteps"] = OptimizerSteps,
        ["samplerState"] = Convert.ToBase64String(SamplerState),
        ["pendingLossSum"] = PendingLossSum,
        ["pendingLossCount"] = PendingLossCount,
        ["history"] = JsonSerializer.SerializeToNode(History),
        ["tensors"] = new JsonArray(directory.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["dtype"] = t.Tensor.dtype.ToString(),
            ["shape"] = new JsonArray(t.Tensor.shape.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
        }).ToArray()),
    };

    private List<(string Name, Tensor Tensor)> TensorsInOrder() =>
        Tensors.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)).ToList();

    /// <summary>Reads and verifies a checkpoint file, streamed (no copy of the whole file in memory); any damage is an
    /// <see cref="InvalidDataException"/>, found before anything is read from it.</summary>
    public static Checkpoint Load(string path)
    {
        if (Directory.Exists(path))
            throw new FileNotFoundException($"{path} is a directory, not a checkpoint file", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes);
        InvalidDataException Bad(string why) => new($"{path}: {why}");
        var start = new byte[Magic.Length + 4 + 8];
        if (file.Length < start.Length + HashLength || file.ReadAtLeast(start, start.Length) < start.Length
            || !start.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw Bad("not a NegSampling checkpoint (bad magic)");
        var version = BitConverter.ToInt32(start, Magic.Length);
        if (version is < 1 or > FormatVersion)
            throw Bad($"checkpoint format version {version}; this program reads versions 1 to {FormatVersion}");
        var bodyLength = file.Length - HashLength;
        if (!HashOfBody(file, bodyLength))
            throw Bad("checkpoint is truncated or corrupt (SHA-256 mismatch)");
        var headerLength = BitConverter.ToInt64(start, Magic.Length + 4);
        if (headerLength <= 0 || start.Length + headerLength > bodyLength)
            throw Bad("checkpoint header length out of range");
        var headerBytes = new byte[headerLength];
        file.Position = start.Length;
        file.ReadExactly(headerBytes);
        var header = JsonNode.Parse(headerBytes)!.AsObject();
        var tensors = ReadTensors(header, file, bodyLength, Bad);
        return FromHeader(header, tensors, path);
    }

    /// <summary>Whether the file's first <paramref name="bodyLength"/> bytes hash to the SHA-256 stored after
    /// them.</summary>
    private static bool HashOfBody(FileStream file, long bodyLength)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferBytes];
        file.Position = 0;
        for (var left = bodyLength; left > 0;)
        {
            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) return false;
            hash.AppendData(buffer, 0, read);
            left -= read;
        }
        var stored = new byte[HashLength];
        return file.ReadAtLeast(stored, HashLength, throwOnEndOfStream: false) == HashLength
            && hash.GetHashAndReset().AsSpan().SequenceEqual(stored);
    }

    /// <summary>The tensors the header lists, read from the file's position, which must end where the body
    /// does.</summary>
    private static Dictionary<string, Tensor> ReadTensors(JsonObject header, FileStream file, long bodyLength,
        Func<string, InvalidDataException> bad)
    {
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var entry in header["tensors"]!.AsArray())
            {
                var name = entry!["name"]!.GetValue<string>();
                var dtype = Enum.Parse<ScalarType>(entry["dtype"]!.GetValue<string>());
                var t = tensors[name] = empty(entry["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray(),
                    dtype);
                if (file.Position + t.NumberOfElements * t.ElementSize > bodyLength)
                    throw bad($"tensor '{name}' runs past the end of the file");
                t.ReadBytesFromStream(file, BufferBytes);
            }
            return file.Position == bodyLength
                ? tensors
                : throw bad($"{bodyLength - file.Position} unexpected bytes after the tensors");
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }

    private static Checkpoint FromHeader(JsonObject header, Dictionary<string, Tensor> tensors, string path) => new()
    {
        Config = header["config"]!.AsObject(),
        Words = header["words"]!.AsArray().Select(w => w!.GetValue<string>()).ToList(),
        Counts = header["counts"]!.AsArray().Select(c => c!.GetValue<long>()).ToList(),
        Epoch = header["epoch"]!.GetValue<int>(),
        Iteration = header["iteration"]!.GetValue<long>(),
        Chunk = header["chunk"]?.GetValue<long>() ?? 0,
        EpochTokens = header["epochTokens"]?.GetValue<long>() ?? 0,
        Ranks = header["ranks"]?.GetValue<int>() ?? 1,
        Syncs = header["syncs"]?.GetValue<long>() ?? 0,
        GrownFrom = header["grownFrom"]?.GetValue<int>(),
        Step = header["step"]!.GetValue<long>(),
        OptimizerSteps = header["optimizerSteps"]!.GetValue<long>(),
        SamplerState = Convert.FromBase64String(header["samplerState"]!.GetValue<string>()),
        PendingLossSum = header["pendingLossSum"]!.GetValue<double>(),
        PendingLossCount = header["pendingLossCount"]!.GetValue<int>(),
        History = header["history"].Deserialize<List<LossRecord>>() ?? [],
        Tensors = tensors,
        LoadedFrom = path,
    };

    /// <summary>A checkpoint file, or the newest complete one in a directory (leftover .tmp files are
    /// ignored).</summary>
    public static string Resolve(string fileOrDirectory)
    {
        if (File.Exists(fileOrDirectory)) return fileOrDirectory;
        if (!Directory.Exists(fileOrDirectory))
            throw new FileNotFoundException($"no checkpoint file or directory at {fileOrDirectory}");
        return List(fileOrDirectory).LastOrDefault()
               ?? throw new FileNotFoundException($"no checkpoint (checkpoint-*{Extension}) in {fileOrDirectory}");
    }

    /// <summary>The complete checkpoint files of a directory, oldest first.</summary>
    public static IReadOnlyList<string> List(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "checkpoint-*" + Extension).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The step in a checkpoint file's name, or null when the name is not one this class writes.</summary>
    public static long? StepOf(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith("checkpoint-", StringComparison.Ordinal) && name.EndsWith(Extension,
            StringComparison.Ordinal)
               && long.TryParse(name["checkpoint-".Length..^Extension.Length], out var step)
            ? step : null;
    }

    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
