using System.Text.Json.Nodes;
using NegSampling.Models;
using static TorchSharp.torch;

namespace NegSampling.Tests.Support;

/// <summary>A case written by reference/word2vec_reference.py: inputs, and what PyTorch computed from them.</summary>
public sealed class Scenario
{
    private readonly JsonObject json;

    private Scenario(JsonObject json, string path)
    {
        this.json = json;
        Path = path;
    }

    public static Scenario Load(string path) => new(JsonNode.Parse(File.ReadAllText(path))!.AsObject(), path);

    public string Path { get; }
    public string Name => json["name"]!.GetValue<string>();
    public string TorchVersion => json["torch"]!.GetValue<string>();
    public ModelKind Model => json["model"]!.GetValue<string>() == "cbow" ? ModelKind.Cbow : ModelKind.SkipGram;
    public ScalarType DType => json["dtype"]!.GetValue<string>() == "float64" ? ScalarType.Float64 : ScalarType.Float32;
    public JsonObject Optimizer => json["optimizer"]!.AsObject();
    public Tensor WIn => Decode(json["W_in"]!);
    public Tensor WOut => Decode(json["W_out"]!);
    public JsonObject Expected => json["expected"]!.AsObject();
    public double[] ExpectedLosses => Expected["losses"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
    public Tensor ExpectedArray(string key) => Decode(Expected[key]!);

    public IEnumerable<(Tensor Contexts, Tensor Target, Tensor Negatives)> Batches =>
        json["batches"]!.AsArray().Select(b => (Decode(b!["contexts"]!), Decode(b["target"]!),
            Decode(b["negatives"]!)));

    /// <summary>The inputs (everything but the expected outputs and the torch version), for comparing two
    /// copies.</summary>
    public string InputsJson()
    {
        var copy = json.DeepClone().AsObject();
        copy.Remove("expected");
        copy.Remove("torch");
        return copy.ToJsonString();
    }

    /// <summary>{"dtype", "shape", "data": base64 of little-endian bytes} as a tensor.</summary>
    public static Tensor Decode(JsonNode node)
    {
        var dtype = node["dtype"]!.GetValue<string>() switch
        {
            "float32" => ScalarType.Float32,
            "float64" => ScalarType.Float64,
            "int64" => ScalarType.Int64,
            var other => throw new InvalidDataException($"unknown dtype {other}"),
        };
        var shape = node["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
        var t = empty(shape, dtype);
        t.bytes = Convert.FromBase64String(node["data"]!.GetValue<string>());
        return t;
    }
}
