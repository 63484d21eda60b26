using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NegSampling.Formats;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Training;

/// <summary>
/// A training checkpoint: weights, optimizer state, sampler RNG state, position, vocabulary, config and loss
/// history. One file: magic, format version, a JSON header (metadata and a tensor directory), raw
/// little-endian tensor bytes, and a SHA-256 of all that, so truncation or corruption is a clear error.
/// Only data is read back: no code, no pickles. Saved atomically (temporary file, flush, rename).
/// </summary>
public sealed class Checkpoint : IDisposable
{
    public const int FormatVersion = 1;
    public const string Extension = ".nsck";
    private static readonly byte[] Magic = "NSCKPT\n\0"u8.ToArray();
    private const int HashLength = 32;

    public required JsonObject Config { get; init; }
    public required IReadOnlyList<string> Words { get; init; }
    public required IReadOnlyList<long> Counts { get; init; }
    /// <summary>The epoch in progress (0-based) and the next iteration in it.</summary>
    public required int Epoch { get; init; }
    public required long Iteration { get; init; }
    public required long Step { get; init; }
    public required long OptimizerSteps { get; init; }
    public required byte[] SamplerState { get; init; }
    /// <summary>Loss summed over the iterations since the last logged average, and their number.</summary>
    public required double PendingLossSum { get; init; }
    public required int PendingLossCount { get; init; }
    public required IReadOnlyList<LossRecord> History { get; init; }
    public required IReadOnlyDictionary<string, Tensor> Tensors { get; init; }

    /// <summary>checkpoint-000001234.nsck: the step in the name, zero-padded so names sort by step.</summary>
    public static string FileName(long step) => $"checkpoint-{step:D9}{Extension}";

    public void Save(string path)
    {
        var directory = TensorsInOrder();
        var header = new JsonObject
        {
            ["formatVersion"] = FormatVersion,
            ["config"] = Config.DeepClone(),
            ["words"] = new JsonArray(Words.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray()),
            ["counts"] = new JsonArray(Counts.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
            ["epoch"] = Epoch,
            ["iteration"] = Iteration,
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
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());

        AtomicFile.Write(path, stream =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Write(ReadOnlySpan<byte> bytes) { stream.Write(bytes); hash.AppendData(bytes); }
            Write(Magic);
            Write(BitConverter.GetBytes(FormatVersion));
            Write(BitConverter.GetBytes((long)headerBytes.Length));
            Write(headerBytes);
            foreach (var (_, t) in directory)
            {
                using var cpuCopy = t.detach().cpu().contiguous();
                Write(cpuCopy.bytes);
            }
            stream.Write(hash.GetHashAndReset());
        }, flushToDisk: true);
    }

    private List<(string Name, Tensor Tensor)> TensorsInOrder() => Tensors.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)).ToList();

    public static Checkpoint Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        InvalidDataException Bad(string why) => new($"{path}: {why}");
        var minimum = Magic.Length + 4 + 8 + HashLength;
        if (bytes.Length < minimum || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw Bad("not a NegSampling checkpoint (bad magic)");
        var version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version != FormatVersion)
            throw Bad($"checkpoint format version {version}; this program reads version {FormatVersion}");
        var body = bytes.AsSpan(0, bytes.Length - HashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashLength)))
            throw Bad("checkpoint is truncated or corrupt (SHA-256 mismatch)");
        var headerLength = BitConverter.ToInt64(bytes, Magic.Length + 4);
        var offset = Magic.Length + 4 + 8;
        if (headerLength <= 0 || offset + headerLength > body.Length) throw Bad("checkpoint header length out of range");
        var header = JsonNode.Parse(bytes.AsSpan(offset, (int)headerLength))!.AsObject();
        offset += (int)headerLength;

        var tensors = new Dictionary<string, Tensor>();
        foreach (var entry in header["tensors"]!.AsArray())
        {
            var name = entry!["name"]!.GetValue<string>();
            var dtype = Enum.Parse<ScalarType>(entry["dtype"]!.GetValue<string>());
            var shape = entry["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
            var t = empty(shape, dtype);
            var length = t.bytes.Length;
            if (offset + length > body.Length) throw Bad($"tensor '{name}' runs past the end of the file");
            t.bytes = bytes.AsSpan(offset, length);
            offset += length;
            tensors[name] = t;
        }
        if (offset != body.Length) throw Bad($"{body.Length - offset} unexpected bytes after the tensors");

        return new Checkpoint
        {
            Config = header["config"]!.AsObject(),
            Words = header["words"]!.AsArray().Select(w => w!.GetValue<string>()).ToList(),
            Counts = header["counts"]!.AsArray().Select(c => c!.GetValue<long>()).ToList(),
            Epoch = header["epoch"]!.GetValue<int>(),
            Iteration = header["iteration"]!.GetValue<long>(),
            Step = header["step"]!.GetValue<long>(),
            OptimizerSteps = header["optimizerSteps"]!.GetValue<long>(),
            SamplerState = Convert.FromBase64String(header["samplerState"]!.GetValue<string>()),
            PendingLossSum = header["pendingLossSum"]!.GetValue<double>(),
            PendingLossCount = header["pendingLossCount"]!.GetValue<int>(),
            History = header["history"].Deserialize<List<LossRecord>>() ?? [],
            Tensors = tensors,
        };
    }

    /// <summary>A checkpoint file, or the newest complete one in a directory (leftover .tmp files are ignored).</summary>
    public static string Resolve(string fileOrDirectory)
    {
        if (File.Exists(fileOrDirectory)) return fileOrDirectory;
        if (!Directory.Exists(fileOrDirectory)) throw new FileNotFoundException($"no checkpoint file or directory at {fileOrDirectory}");
        return List(fileOrDirectory).LastOrDefault()
               ?? throw new FileNotFoundException($"no checkpoint ({FileName(0).Replace("000000000", "*")}) in {fileOrDirectory}");
    }

    /// <summary>The complete checkpoint files of a directory, oldest first.</summary>
    public static IReadOnlyList<string> List(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "checkpoint-*" + Extension).Order(StringComparer.Ordinal).ToList()
            : [];

    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
