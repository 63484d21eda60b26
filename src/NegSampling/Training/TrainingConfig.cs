using System.Text.Json;
using System.Text.Json.Nodes;
using NegSampling.Data;
using NegSampling.Fast;
using NegSampling.Layers;
using NegSampling.Models;
using NegSampling.Phrasing;
using NegSampling.Sampling;

namespace NegSampling.Training;

/// <summary>
/// Everything a training run needs, read from JSON (configs/*.json) or set in code. Each settable property is a
/// config key, its name in camelCase, declared once: its setter checks its range (a <see cref="ConfigException"/>
/// naming the property and its config key), and its attributes mark a key that only one mode uses (checked by
/// <see cref="Validate"/>, which every run calls), one a resume may change, and a key's former name, still read.
/// Unknown keys and wrong types in a file are errors naming the file and key.
/// </summary>
public sealed class TrainingConfig
{
    /// <summary>The run's name (the config file's name); the CLI writes to checkpoints/&lt;name&gt; by
    /// default.</summary>
    public string Name { get; set => field = ConfigCheck.FileName(value); } = "run";

    /// <summary>The book's algorithm or word2vec's (faithful).</summary>
    public TrainingMode Mode { get; set => field = ConfigCheck.Defined(value); } = TrainingMode.Faithful;

    /// <summary>CBOW or skip-gram (cbow).</summary>
    public ModelKind Model { get; set => field = ConfigCheck.Defined(value); } = ModelKind.Cbow;

    /// <summary>A named corpus (ptb, ptb-test) in the data directory, or a path (ptb).</summary>
    public string Corpus { get; set => field = ConfigCheck.NotEmpty(value, "a corpus name or path"); } = "ptb";

    /// <summary>Read only the first N tokens (all).</summary>
    public long? MaxTokens { get; set => field = ConfigCheck.AtLeastOrNull(value, 1); }

    /// <summary>An end-of-sentence token after each line, as the book's PTB loader (true).</summary>
    public bool AppendEos { get; set; } = true;

    /// <summary>Drop words seen fewer times (1).</summary>
    public int MinCount { get; set => field = ConfigCheck.AtLeast(value, 1); } = 1;

    /// <summary>Keep at most this many of the most frequent words (all).</summary>
    public int? MaxVocab { get; set => field = ConfigCheck.AtLeastOrNull(value, 2); }

    /// <summary>
    /// Word ids in order of first occurrence (the book's, kept by the vector exports too) or of falling frequency
    /// (word2vec's). Null (the fast presets): ids in order of first occurrence, the vector exports in falling
    /// frequency, as word2vec and gensim write them.
    /// </summary>
    public VocabularyOrder? VocabOrder
    {
        get;
        set => field = value is { } v ? ConfigCheck.Defined(v) : null;
    } = VocabularyOrder.FirstOccurrence;

    /// <summary>The word ids' order <see cref="VocabOrder"/> gives (null: first occurrence).</summary>
    internal VocabularyOrder IdOrder => VocabOrder ?? VocabularyOrder.FirstOccurrence;

    /// <summary>Passes of phrase learning run on the corpus before its vocabulary is chosen, each joining the
    /// phrases it finds by '_' as gensim's Phrases does (0: none).</summary>
    public int PhrasePasses { get; set => field = ConfigCheck.AtLeast(value, 0); }

    /// <summary>A pair is a phrase when it scores above this (10; the npmi scorer takes -1 to 1).</summary>
    public double PhraseThreshold { get; set; } = 10;

    /// <summary>gensim's min_count of phrases (5).</summary>
    public int PhraseMinCount { get; set => field = ConfigCheck.AtLeast(value, 1); } = 5;

    /// <summary>How a pair is scored: default (word2phrase's) or npmi.</summary>
    public PhraseScorer PhraseScorer { get; set => field = ConfigCheck.Defined(value); } = PhraseScorer.Default;

    /// <summary>H, the width of a word vector (100).</summary>
    public int HiddenSize { get; set => field = ConfigCheck.AtLeast(value, 1); } = 100;

    /// <summary>Context words on each side of the target (5).</summary>
    public int Window { get; set => field = ConfigCheck.AtLeast(value, 1); } = 5;

    /// <summary>K, negatives per positive (5).</summary>
    public int Negatives { get; set => field = ConfigCheck.AtLeast(value, 1); } = 5;

    /// <summary>The power on the unigram counts of the negative sampler (0.75).</summary>
    public double Power { get; set => field = ConfigCheck.Positive(value); } = 0.75;

    /// <summary>How negatives are drawn: excludeTarget (the book's CPU branch, the default), multinomial (its GPU
    /// branch), alias (fast mode).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode draws with torch.multinomial, the book's sampler",
        Value = SamplerMode.Alias)]
    public SamplerMode Sampler { get; set => field = ConfigCheck.Defined(value); } = SamplerMode.ExcludeTarget;

    /// <summary>Samples per step (100).</summary>
    public int BatchSize { get; set => field = ConfigCheck.AtLeast(value, 1); } = 100;

    /// <summary>Passes over the corpus (10).</summary>
    [Resumable]
    public int Epochs { get; set => field = ConfigCheck.AtLeast(value, 1); } = 10;

    /// <summary>Faithful mode: visit the samples in a seeded shuffled order (null: true). The fast mode reads in
    /// order.</summary>
    [OnlyIn(TrainingMode.Faithful, "the fast mode reads the corpus in order, as word2vec", Value = true)]
    public bool? Shuffle { get; set; }

    /// <summary>adam, sgd or adagrad (row-wise) (adam).</summary>
    public OptimizerKind Optimizer { get; set => field = ConfigCheck.Defined(value); } = OptimizerKind.Adam;

    /// <summary>Adam's lr, SGD's and Adagrad's rate; word2vec's alpha (per sample) in the fast mode
    /// (0.001).</summary>
    public double LearningRate { get; set => field = ConfigCheck.Positive(value); } = 0.001;

    /// <summary>Adam's beta1 (0.9).</summary>
    public double Beta1 { get; set => field = ConfigCheck.Fraction(value); } = 0.9;

    /// <summary>Adam's beta2 (0.999).</summary>
    public double Beta2 { get; set => field = ConfigCheck.Fraction(value); } = 0.999;

    /// <summary>Adam's eps (1e-8).</summary>
    public double Eps { get; set => field = ConfigCheck.Positive(value); } = 1e-8;

    /// <summary>SGD and Adagrad: decay the rate linearly to 1e-4 of it over the run, as word2vec (true).</summary>
    public bool LrDecay { get; set; } = true;

    /// <summary>Faithful mode: the book's clip_grads threshold (none).</summary>
    [OnlyIn(TrainingMode.Faithful, "the fast mode has no dense gradient to clip")]
    public double? MaxGradNorm { get; set => field = ConfigCheck.PositiveOrNull(value); }

    /// <summary>The one seed every random stream derives from (1).</summary>
    public long Seed { get; set => field = ConfigCheck.AtLeast(value, 0); } = 1;

    /// <summary>cpu, cuda, cuda:N or auto (cpu).</summary>
    [Resumable]
    public string Device { get; set => field = ConfigCheck.Device(value); } = "cpu";

    /// <summary>libtorch's threads, which the caller sets for the process (null: 1, see <see
    /// cref="EffectiveThreads"/>).</summary>
    [Resumable]
    public int? Threads { get; set => field = ConfigCheck.AtLeastOrNull(value, 1); }

    /// <summary>Faithful mode: the book's hand-written backward or libtorch's autograd (manual).</summary>
    [OnlyIn(TrainingMode.Faithful, "the fast mode runs the layers' hand-written math, never autograd")]
    public GradientMode GradientMode { get; set => field = ConfigCheck.Defined(value); } = GradientMode.Manual;

    /// <summary>Fast mode: word2vec's subsampling threshold, its -sample (0: none).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode is the book's algorithm, without subsampling")]
    [FormerName("sample")]
    public double SubsamplingThreshold { get; set => field = ConfigCheck.NonNegative(value, "0: no subsampling"); }

    /// <summary>Fast mode: word2vec's random shrinking of the window (false).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode is the book's algorithm, with fixed windows")]
    public bool DynamicWindow { get; set; }

    /// <summary>Fast mode: windows stay within a sentence, a line ended by appendEos's &lt;eos&gt;, as word2vec.c and
    /// gensim read text (false: across lines, as the book's windows).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode is the book's algorithm, with windows across lines")]
    public bool SentenceWindows { get; set; }

    /// <summary>Fast mode: Hogwild worker threads (1).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode trains on one thread of steps"), Resumable]
    public int Workers { get; set => field = ConfigCheck.AtLeast(value, 1); } = 1;

    /// <summary>Fast mode: how CBOW updates the context rows (gradient).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode follows the gradient through autograd")]
    public CbowContextUpdate CbowContextUpdate
    {
        get;
        set => field = ConfigCheck.Defined(value);
    } = CbowContextUpdate.Gradient;

    /// <summary>Fast mode: how skip-gram pairs a window's words and draws their negatives (perPair, the
    /// book's).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode is the book's skip-gram, K negatives per pair")]
    public SkipGramNegatives SkipGramNegatives
    {
        get;
        set => field = ConfigCheck.Defined(value);
    } = SkipGramNegatives.PerPair;

    /// <summary>Fast mode on several processes (mpirun): the ranks average their weights after every this many corpus
    /// tokens, all ranks together, rounded down to whole chunks of 65,536 tokens per rank, at least one
    /// (262,144).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode runs in one process")]
    public long SyncTokens { get; set => field = ConfigCheck.AtLeast(value, 1); } = 262_144;

    /// <summary>Fast mode on several processes: pWord2Vec's tiered sync, the most frequent 1,024 rows at every sync,
    /// 2,048 at every second, ... (false: every row at every sync).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode runs in one process")]
    public bool TieredSync { get; set; }

    /// <summary>Fast mode on several processes: a sync adds up every rank's updates since the last sync, in full, as
    /// one process's Hogwild workers do (false: it averages the ranks' weights, each rank's updates at 1 / N of
    /// their weight). The fast presets turn it on, with <see cref="TieredSync"/>: averaging loses quality at the same
    /// epochs, and full syncs of a large model cost more than they gain (README's figures).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode runs in one process")]
    public bool SumRankUpdates { get; set; }

    /// <summary>Fast mode: the step a worker runs on each batch, kernels or batched (null: batched on CUDA, kernels
    /// elsewhere).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode runs the book's step")]
    public StepKind? Step { get; set => field = value is { } v ? ConfigCheck.Defined(v) : null; }

    /// <summary>Fast mode, step batched: each row's update is the mean of its gradient rows in the batch, not their
    /// sum (null: true; the kernels always sum).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode's optimizer takes the batch's gradient", Value = true)]
    public bool? RowMeanUpdates { get; set; }

    /// <summary>Fast mode, step batched with row means: a row met n times in a batch has its gradient rows' sum
    /// divided by max(1, n / cap), so up to cap of them add up and more are averaged, times cap (null: 64 for CBOW,
    /// 128 for skip-gram; 1: the plain mean).</summary>
    [OnlyIn(TrainingMode.Fast, "the faithful mode's optimizer takes the batch's gradient")]
    public int? RowUpdateCap { get; set => field = ConfigCheck.AtLeastOrNull(value, 1); }

    /// <summary>Log the average loss every N iterations (20).</summary>
    [Resumable, FormerName("evalInterval")]
    public int LogInterval { get; set => field = ConfigCheck.AtLeast(value, 1); } = 20;

    /// <summary>Checkpoint every N iterations, besides each epoch end (0: epoch ends only).</summary>
    [Resumable]
    public int CheckpointInterval { get; set => field = ConfigCheck.AtLeast(value, 0); }

    /// <summary>Keep the run's last N checkpoints (3).</summary>
    [Resumable]
    public int KeepCheckpoints { get; set => field = ConfigCheck.AtLeast(value, 1); } = 3;

    /// <summary>Where checkpoints and loss.csv go; null writes no file.</summary>
    [Resumable]
    public string? OutputDir { get; set; }

    /// <summary>A directory for the id cache (a corpus read once is mapped from there the next time); null:
    /// none.</summary>
    [Resumable]
    public string? CorpusCache { get; set; }

    /// <summary>
    /// The threads libtorch should use for this run: threads, else 1. libtorch's OpenMP threads spin while they
    /// wait, so more of them than free cores costs far more than it gains on these small ops (measured in the
    /// README's "Threads"). The fast mode's workers are threads of their own.
    /// </summary>
    public int EffectiveThreads => Threads ?? 1;

    /// <summary>Whether the faithful mode shuffles (shuffle, true when unset).</summary>
    public bool ShufflesSamples => Shuffle ?? true;

    /// <summary>The book's recipe (every default): CBOW, H=100, window 5, K=5, Adam(0.001), batch 100, 10
    /// epochs.</summary>
    public static TrainingConfig BookRecipe() => new();

    /// <summary>
    /// word2vec's CBOW in the fast mode: sparse SGD at alpha 0.05 decaying linearly, word2vec's context update,
    /// subsampling 1e-3, dynamic windows within sentences, the alias sampler, batches of 384, 5 epochs (word2vec's
    /// default), one Hogwild worker per core. The fast configs in configs/ start from it (the preset key).
    /// </summary>
    public static TrainingConfig FastCbow() => new()
    {
        Name = "fast-cbow",
        Mode = TrainingMode.Fast,
        Model = ModelKind.Cbow,
        Sampler = SamplerMode.Alias,
        BatchSize = 384,
        Epochs = 5,
        Optimizer = OptimizerKind.Sgd,
        LearningRate = 0.05,
        LrDecay = true,
        SubsamplingThreshold = 1e-3,
        DynamicWindow = true,
        SentenceWindows = true,
        Workers = Environment.ProcessorCount,
        CbowContextUpdate = CbowContextUpdate.Word2Vec,
        LogInterval = 500,
        VocabOrder = null,
        SumRankUpdates = true,
        TieredSync = true,
    };

    /// <summary>word2vec's skip-gram in the fast mode: as <see cref="FastCbow"/> with alpha 0.025, batches of 256
    /// and each window's negatives shared by its contexts (<see cref="SkipGramNegatives.SharedByWindow"/>).</summary>
    public static TrainingConfig FastSkipGram()
    {
        var config = FastCbow();
        (config.Name, config.Model, config.LearningRate, config.BatchSize) = ("fast-skipgram", ModelKind.SkipGram,
            0.025, 256);
        (config.CbowContextUpdate, config.SkipGramNegatives) = (CbowContextUpdate.Gradient,
            SkipGramNegatives.SharedByWindow);
        return config;
    }

    /// <summary>The presets by the names the preset key takes.</summary>
    public static readonly IReadOnlyDictionary<string, Func<TrainingConfig>> Presets =
        new Dictionary<string, Func<TrainingConfig>>
        {
            ["book"] = BookRecipe,
            ["fastCbow"] = FastCbow,
            ["fastSkipGram"] = FastSkipGram,
        };

    /// <summary>Every key, read off the properties.</summary>
    private static readonly IReadOnlyList<ConfigField> Fields = ConfigField.All();

    /// <summary>Reads a config file; the run's name defaults to the file's name.</summary>
    public static TrainingConfig Load(string path)
    {
        if (Directory.Exists(path))
            throw new FileNotFoundException($"config {path} is a directory, not a JSON file", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"config not found: {path}", path);
        var config = new TrainingConfig { Name = ConfigCheck.FileName(Path.GetFileNameWithoutExtension(path), "Name") };
        config.Apply(File.ReadAllText(path), path);
        return config;
    }

    /// <summary>
    /// Sets the keys present in a JSON object; <paramref name="source"/> names it in errors. A "preset" key
    /// (book, fastCbow or fastSkipGram) first sets every key to the preset's value, whatever its place in the object.
    /// </summary>
    public void Apply(string json, string source)
    {
        JsonNode? root;
        var options = new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true
        };
        try { root = JsonNode.Parse(json, documentOptions: options); }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: line {(e.LineNumber ?? 0) + 1}: not valid JSON " +
                $"({e.Message.Split('.')[0]})");
        }
        if (root is not JsonObject obj) throw new InvalidDataException($"{source}: expected a JSON object at the top");
        if (obj["preset"] is { } preset)
        {
            var name = preset is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
            if (!Presets.TryGetValue(name, out var make))
                throw new InvalidDataException(
                    $"{source}: key 'preset': expected {string.Join(" or ", Presets.Keys.Select(k => $"\"{k}\""))}, " +
                    $"found {preset.ToJsonString()}");
            var keepName = Name;
            CopyFrom(make());
            Name = keepName;
        }
        var given = obj.Where(entry => entry.Key != "preset")
            .Select(entry => (Field: FieldFor(entry.Key, source), entry.Key, entry.Value)).ToList();
        if (given.GroupBy(g => g.Field).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidDataException($"{source}: keys '{twice.Key.FormerKey}' and '{twice.Key.Key}' are one " +
                $"key ('{twice.Key.FormerKey}' is its former name); keep '{twice.Key.Key}' only");
        foreach (var (field, key, value) in given)
            field.SetFromJson(this, key, value, source);
    }

    /// <summary>Applies "key=value" overrides (the CLI's --set).</summary>
    public void Override(IEnumerable<string> assignments)
    {
        foreach (var assignment in assignments)
        {
            var eq = assignment.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--set {assignment}: expected key=value");
            var key = assignment[..eq];
            FieldFor(key, "--set").SetFromText(this, key, assignment[(eq + 1)..]);
        }
    }

    /// <summary>
    /// Checks what the setters cannot: that every key the chosen mode does not use keeps the value that means
    /// "not used". Throws a <see cref="ConfigException"/> naming the first key that does not.
    /// </summary>
    public void Validate()
    {
        foreach (var field in Fields)
            field.CheckMode(this);
    }

    /// <summary>The config saved in a checkpoint (its keys as they were spelled when it was written), with
    /// overrides limited to the keys that alter how far and how visibly the run goes, not what it
    /// computes.</summary>
    public static TrainingConfig ForResume(JsonObject saved, IEnumerable<string> overrides)
    {
        var config = new TrainingConfig();
        config.Apply(saved.ToJsonString(), "checkpoint config");
        foreach (var assignment in overrides)
        {
            var key = assignment.Split('=')[0];
            if (Fields.FirstOrDefault(f => f.IsNamed(key)) is { Resumable: false } field)
                throw new ArgumentException(
                    $"--set {key}: cannot change on resume (the checkpoint has " +
                    $"{ConfigField.Render(field.GetJson(config))}); resumable keys: " +
                    string.Join(", ", Fields.Where(f => f.Resumable).Select(f => f.Key)));
        }
        config.Override(overrides);
        return config;
    }

    /// <summary>Every key with its value, each in its spelling of today.</summary>
    public JsonObject ToJson()
    {
        var obj = new JsonObject();
        foreach (var field in Fields) obj[field.Key] = field.GetJson(this);
        return obj;
    }

    /// <summary>An independent copy.</summary>
    public TrainingConfig Clone()
    {
        var copy = new TrainingConfig();
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>Takes every key's value from another config.</summary>
    private void CopyFrom(TrainingConfig other)
    {
        foreach (var field in Fields) field.Copy(other, this);
    }

    private static ConfigField FieldFor(string key, string source) =>
        Fields.FirstOrDefault(f => f.IsNamed(key))
        ?? throw new InvalidDataException(
            $"{source}: unknown key '{key}' (known: {string.Join(", ", Fields.Select(f => f.Key))})");
}
