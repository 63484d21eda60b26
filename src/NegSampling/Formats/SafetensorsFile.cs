using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace NegSampling.Formats;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape
/// and byte range, then the raw little-endian bytes. The vocabulary travels in the header's __metadata__ (a JSON
/// list of the words, as a string, since metadata values are strings). Written and read here rather than by
/// TorchSharp.PyBridge, whose Safetensors class keeps no metadata; reading builds tensors from bytes only.
/// </summary>
internal static class SafetensorsFile
{
    private const string WordsKey = "negsampling.words";

    /// <summary>Writes w_in.weight and w_out.weight (float32) with the words in the metadata, atomically.</summary>
    public static void Save(string path, ModelWeights weights)
    {
        using var scope = NewDisposeScope();
        var tensors = weights.ForFile();
        var header = new JsonObject
        {
            ["__metadata__"] = new JsonObject
            {
                ["format"] = "pt",
                [WordsKey] = JsonSerializer.Serialize(weights.Words),
            },
        };
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            var length = t.numel() * sizeof(float);
            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(t.shape.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + length),
            };
            offset += length;
        }
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
            stream.Write(length);
            stream.Write(headerBytes);
            foreach (var (_, t) in tensors) stream.Write(t.bytes);
        });
    }

    /// <summary>Reads w_in.weight and w_out.weight, and the words from the metadata.</summary>
    public static ModelWeights Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        InvalidDataException Bad(string why) => new($"{path}: {why}");
        if (bytes.Length < 8) throw Bad("too short for a safetensors file");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8)) throw Bad($"header length {headerLength} runs past the end");
        JsonObject header;
        try { header = JsonNode.Parse(bytes.AsSpan(8, (int)headerLength))!.AsObject(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw Bad("the header is not a JSON object");
        }
        var words = Words(header, Bad);
        var data = (Bytes: bytes, Start: 8 + (int)headerLength);
        return new ModelWeights(words, Take(header, ModelWeights.WInName, data, Bad),
            Take(header, ModelWeights.WOutName, data, Bad)).Checked(path);
    }

    /// <summary>The vocabulary in the header's __metadata__: a JSON list of the words, as a string (metadata values
    /// are strings); anything else is refused naming the key, what was expected and what was found.</summary>
    private static List<string> Words(JsonObject header, Func<string, InvalidDataException> bad)
    {
        var value = header["__metadata__"] is JsonObject metadata ? metadata[WordsKey] : null;
        if (value is null)
            throw bad($"no vocabulary: __metadata__ has no '{WordsKey}' (negsampling export writes one)");
        var text = value is JsonValue v && v.TryGetValue<string>(out var list) ? list : null;
        List<string>? words = null;
        try { words = text is null ? null : JsonSerializer.Deserialize<List<string>>(text); }
        catch (JsonException) { }
        // A JSON null in the list comes through as a null string despite the type.
        return words is not null && !words.Contains(null!)
            ? words
            : throw bad($"__metadata__ '{WordsKey}' should be a string holding a JSON list of the words, as " +
                        $"negsampling export writes it; found {Excerpt(text ?? value.ToJsonString())}");
    }

    /// <summary>The start of a found value, on one line.</summary>
    private static string Excerpt(string found) =>
        $"'{string.Concat(found.Take(40).Select(c => char.IsControl(c) ? ' ' : c))}{(found.Length > 40 ? "..." : "")}'";

    /// <summary>A tensor the header lists, from its byte range, as float32.</summary>
    private static Tensor Take(JsonObject header, string name, (byte[] Bytes, int Start) data,
        Func<string, InvalidDataException> bad)
    {
        var entry = header[name] ?? throw bad($"no tensor '{name}'");
        var dtype = entry["dtype"]!.GetValue<string>() switch
        {
            "F32" => ScalarType.Float32,
            "F64" => ScalarType.Float64,
            "F16" => ScalarType.Float16,
            "BF16" => ScalarType.BFloat16,
            var other => throw bad($"{name} has dtype {other}; expected F32, F64, F16 or BF16"),
        };
        var shape = entry["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
        var (start, end) = (entry["data_offsets"]![0]!.GetValue<long>(), entry["data_offsets"]![1]!.GetValue<long>());
        using var t = empty(shape, dtype);
        if (start < 0 || end > data.Bytes.Length - data.Start || end - start != t.bytes.Length)
            throw bad($"{name}'s data_offsets [{start}, {end}) do not fit its shape or the file");
        t.bytes = data.Bytes.AsSpan(data.Start + (int)start, (int)(end - start));
        return t.to_type(ScalarType.Float32, copy: true);
    }
}
