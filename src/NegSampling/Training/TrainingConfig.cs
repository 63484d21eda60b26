using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NegSampling.Data;
using NegSampling.Layers;
using NegSampling.Models;
using NegSampling.Sampling;

namespace NegSampling.Training;

public enum OptimizerKind { Adam, Sgd }

/// <summary>Faithful: the book's algorithm (autograd, any optimizer, shuffled batches). Fast: sparse SGD, word2vec-style streaming.</summary>
public enum TrainingMode { Faithful, Fast }

/// <summary>
/// Everything a training run needs, read from JSON (configs/*.json). Every key is listed in <see cref="Fields"/>
/// with its type and range; unknown keys, wrong types and out-of-range values are errors naming the key,
/// and any key can be overridden from the command line as key=value.
/// </summary>
public sealed class TrainingConfig
{
    public string Name { get; set; } = "run";
    public TrainingMode Mode { get; set; } = TrainingMode.Faithful;
    public ModelKind Model { get; set; } = ModelKind.Cbow;
    public string Corpus { get; set; } = "ptb";
    public long? MaxTokens { get; set; }
    public bool AppendEos { get; set; } = true;
    public int MinCount { get; set; } = 1;
    public int? MaxVocab { get; set; }
    public VocabularyOrder VocabOrder { get; set; } = VocabularyOrder.FirstOccurrence;
    public int HiddenSize { get; set; } = 100;
    public int Window { get; set; } = 5;
    public int Negatives { get; set; } = 5;
    public double Power { get; set; } = 0.75;
    public SamplerMode Sampler { get; set; } = SamplerMode.ExcludeTarget;
    public int BatchSize { get; set; } = 100;
    public int Epochs { get; set; } = 10;
    public bool Shuffle { get; set; } = true;
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;
    public double LearningRate { get; set; } = 0.001;
    public double Beta1 { get; set; } = 0.9;
    public double Beta2 { get; set; } = 0.999;
    public double Eps { get; set; } = 1e-8;
    public bool LrDecay { get; set; } = true;
    public double? MaxGradNorm { get; set; }
    public long Seed { get; set; } = 1;
    public string Device { get; set; } = "cpu";
    public int? Threads { get; set; }
    public GradientMode GradientMode { get; set; } = GradientMode.Manual;
    public double Sample { get; set; }
    public bool DynamicWindow { get; set; }
    public int Workers { get; set; } = 1;
    public CbowContextUpdate CbowContextUpdate { get; set; } = CbowContextUpdate.Gradient;
    public int EvalInterval { get; set; } = 20;
    public int CheckpointInterval { get; set; }
    public int KeepCheckpoints { get; set; } = 3;
    public string? OutputDir { get; set; }

    /// <summary>Where checkpoints, loss.csv and the loss curve go: outputDir, else checkpoints/&lt;name&gt;.</summary>
    public string ResolvedOutputDir => OutputDir ?? Path.Combine("checkpoints", Name);

    public static readonly IReadOnlyList<ConfigField> Fields =
    [
        ConfigField.Text("name", c => c.Name, (c, v) => c.Name = v, v => v.Length > 0 && v.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 ? null : "a non-empty file name"),
        ConfigField.Choice("mode", c => c.Mode, (c, v) => c.Mode = v),
        ConfigField.Choice("model", c => c.Model, (c, v) => c.Model = v),
        ConfigField.Text("corpus", c => c.Corpus, (c, v) => c.Corpus = v, v => v.Length > 0 ? null : "a corpus name or path"),
        ConfigField.OptionalInteger("maxTokens", c => c.MaxTokens, (c, v) => c.MaxTokens = v, 1),
        ConfigField.Flag("appendEos", c => c.AppendEos, (c, v) => c.AppendEos = v),
        ConfigField.Integer("minCount", c => c.MinCount, (c, v) => c.MinCount = (int)v, 1),
        ConfigField.OptionalInteger("maxVocab", c => c.MaxVocab, (c, v) => c.MaxVocab = (int?)v, 2),
        ConfigField.Choice("vocabOrder", c => c.VocabOrder, (c, v) => c.VocabOrder = v),
        ConfigField.Integer("hiddenSize", c => c.HiddenSize, (c, v) => c.HiddenSize = (int)v, 1),
        ConfigField.Integer("window", c => c.Window, (c, v) => c.Window = (int)v, 1),
        ConfigField.Integer("negatives", c => c.Negatives, (c, v) => c.Negatives = (int)v, 1),
        ConfigField.Number("power", c => c.Power, (c, v) => c.Power = v, v => v > 0 ? null : "a positive number"),
        ConfigField.Choice("sampler", c => c.Sampler, (c, v) => c.Sampler = v),
        ConfigField.Integer("batchSize", c => c.BatchSize, (c, v) => c.BatchSize = (int)v, 1),
        ConfigField.Integer("epochs", c => c.Epochs, (c, v) => c.Epochs = (int)v, 1),
        ConfigField.Flag("shuffle", c => c.Shuffle, (c, v) => c.Shuffle = v),
        ConfigField.Choice("optimizer", c => c.Optimizer, (c, v) => c.Optimizer = v),
        ConfigField.Number("learningRate", c => c.LearningRate, (c, v) => c.LearningRate = v, v => v > 0 ? null : "a positive number"),
        ConfigField.Number("beta1", c => c.Beta1, (c, v) => c.Beta1 = v, v => v is >= 0 and < 1 ? null : "a number in [0, 1)"),
        ConfigField.Number("beta2", c => c.Beta2, (c, v) => c.Beta2 = v, v => v is >= 0 and < 1 ? null : "a number in [0, 1)"),
        ConfigField.Number("eps", c => c.Eps, (c, v) => c.Eps = v, v => v > 0 ? null : "a positive number"),
        ConfigField.Flag("lrDecay", c => c.LrDecay, (c, v) => c.LrDecay = v),
        ConfigField.OptionalNumber("maxGradNorm", c => c.MaxGradNorm, (c, v) => c.MaxGradNorm = v, v => v > 0 ? null : "a positive number or null"),
        ConfigField.Integer("seed", c => c.Seed, (c, v) => c.Seed = v, 0),
        ConfigField.Text("device", c => c.Device, (c, v) => c.Device = v, v => DeviceChoice.Describe(v)),
        ConfigField.OptionalInteger("threads", c => c.Threads, (c, v) => c.Threads = (int?)v, 1),
        ConfigField.Choice("gradientMode", c => c.GradientMode, (c, v) => c.GradientMode = v),
        ConfigField.Number("sample", c => c.Sample, (c, v) => c.Sample = v, v => v >= 0 ? null : "a number >= 0 (0: no subsampling)"),
        ConfigField.Flag("dynamicWindow", c => c.DynamicWindow, (c, v) => c.DynamicWindow = v),
        ConfigField.Integer("workers", c => c.Workers, (c, v) => c.Workers = (int)v, 1),
        ConfigField.Choice("cbowContextUpdate", c => c.CbowContextUpdate, (c, v) => c.CbowContextUpdate = v),
        ConfigField.Integer("evalInterval", c => c.EvalInterval, (c, v) => c.EvalInterval = (int)v, 1),
        ConfigField.Integer("checkpointInterval", c => c.CheckpointInterval, (c, v) => c.CheckpointInterval = (int)v, 0),
        ConfigField.Integer("keepCheckpoints", c => c.KeepCheckpoints, (c, v) => c.KeepCheckpoints = (int)v, 1),
        ConfigField.OptionalText("outputDir", c => c.OutputDir, (c, v) => c.OutputDir = v),
    ];

    /// <summary>Reads a config file; the run's name defaults to the file's name.</summary>
    public static TrainingConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"config not found: {path}", path);
        var config = new TrainingConfig { Name = Path.GetFileNameWithoutExtension(path) };
        config.Apply(File.ReadAllText(path), path);
        return config;
    }

    /// <summary>Sets the keys present in a JSON object; <paramref name="source"/> names it in errors.</summary>
    public void Apply(string json, string source)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: line {(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message.Split('.')[0]})"); }
        if (root is not JsonObject obj) throw new InvalidDataException($"{source}: expected a JSON object at the top");
        foreach (var (key, value) in obj)
            FieldFor(key, source).SetFromJson(this, value, source);
    }

    /// <summary>Applies "key=value" overrides (the CLI's --set).</summary>
    public void Override(IEnumerable<string> assignments)
    {
        foreach (var assignment in assignments)
        {
            var eq = assignment.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--set {assignment}: expected key=value");
            FieldFor(assignment[..eq], "--set").SetFromText(this, assignment[(eq + 1)..]);
        }
    }

    /// <summary>Checks that hold between keys; null when consistent, else what is wrong.</summary>
    public string? Inconsistency() =>
        Mode == TrainingMode.Faithful && (Workers > 1 || Sample > 0 || DynamicWindow || CbowContextUpdate != CbowContextUpdate.Gradient)
            ? "workers, sample, dynamicWindow and cbowContextUpdate belong to mode \"fast\"; the faithful mode is the book's algorithm"
        : null;

    /// <summary>Keys a resumed run may change: they alter how far and how visibly it runs, not what it computes.</summary>
    public static readonly IReadOnlySet<string> ResumableKeys =
        new HashSet<string> { "epochs", "evalInterval", "checkpointInterval", "keepCheckpoints", "device", "threads", "outputDir", "workers" };

    /// <summary>The config saved in a checkpoint, with overrides limited to <see cref="ResumableKeys"/>.</summary>
    public static TrainingConfig ForResume(JsonObject saved, IEnumerable<string> overrides)
    {
        var config = new TrainingConfig();
        config.Apply(saved.ToJsonString(), "checkpoint config");
        foreach (var assignment in overrides)
        {
            var key = assignment.Split('=')[0];
            if (!ResumableKeys.Contains(key) && Fields.Any(f => f.Key == key))
                throw new ArgumentException(
                    $"--set {key}: cannot change on resume (the checkpoint has {Render(saved[key])}); resumable keys: {string.Join(", ", ResumableKeys)}");
        }
        config.Override(overrides);
        return config;
    }

    public JsonObject ToJson()
    {
        var obj = new JsonObject();
        foreach (var field in Fields) obj[field.Key] = field.GetJson(this);
        return obj;
    }

    public TrainingConfig Clone()
    {
        var copy = new TrainingConfig();
        copy.Apply(ToJson().ToJsonString(), "config");
        return copy;
    }

    private static ConfigField FieldFor(string key, string source) =>
        Fields.FirstOrDefault(f => f.Key == key)
        ?? throw new InvalidDataException($"{source}: unknown key '{key}' (known: {string.Join(", ", Fields.Select(f => f.Key))})");

    internal static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    internal static string Render(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    internal static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
