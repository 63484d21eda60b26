using NegSampling.Fast;
using NegSampling.Layers;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Training;

/// <summary>A config checked in both directions: each key that one mode does not use is refused in that mode.</summary>
[TestFixture, Category("Training")]
public sealed class ConfigValidationTests
{
    private static string Refusal(TrainingConfig config) => Assert.Throws<ConfigException>(config.Validate)!.Message;

    private static readonly (string Key, Action<TrainingConfig> Set)[] FastOnly =
    [
        ("subsamplingThreshold", c => c.SubsamplingThreshold = 1e-3),
        ("dynamicWindow", c => c.DynamicWindow = true),
        ("sentenceWindows", c => c.SentenceWindows = true),
        ("workers", c => c.Workers = 2),
        ("cbowContextUpdate", c => c.CbowContextUpdate = CbowContextUpdate.Word2Vec),
        ("skipGramNegatives", c => c.SkipGramNegatives = SkipGramNegatives.SharedByWindow),
        ("sampler", c => c.Sampler = SamplerMode.Alias),
        ("step", c => c.Step = StepKind.Batched),
        ("rowMeanUpdates", c => c.RowMeanUpdates = true),
        ("rowUpdateCap", c => c.RowUpdateCap = 4),
    ];

    private static readonly (string Key, Action<TrainingConfig> Set)[] FaithfulOnly =
    [
        ("shuffle", c => c.Shuffle = true),
        ("maxGradNorm", c => c.MaxGradNorm = 5),
        ("gradientMode", c => c.GradientMode = GradientMode.Autograd),
    ];

    private static IEnumerable<string> FastOnlyKeys() => FastOnly.Select(k => k.Key);

    private static IEnumerable<string> FaithfulOnlyKeys() => FaithfulOnly.Select(k => k.Key);

    [TestCaseSource(nameof(FastOnlyKeys))]
    public void TheFaithfulMode_RefusesFastModeKeys(string key)
    {
        var config = TrainingConfig.BookRecipe();
        config.Validate();
        FastOnly.Single(k => k.Key == key).Set(config);
        Assert.That(Refusal(config), Does.Contain($"key '{key}'").And.Contain("is for mode \"fast\" only"));
    }

    [TestCaseSource(nameof(FaithfulOnlyKeys))]
    public void TheFastMode_RefusesFaithfulModeKeys(string key)
    {
        var config = TrainingConfig.FastCbow();
        config.Validate();
        FaithfulOnly.Single(k => k.Key == key).Set(config);
        Assert.That(Refusal(config), Does.Contain($"key '{key}'").And.Contain("is for mode \"faithful\" only"));
    }

    /// <summary>The whole refusal, as written before the keys were declared on their properties.</summary>
    [Test]
    public void TheRefusal_SaysWhyTheModeDoesNotUseTheKey()
    {
        var config = TrainingConfig.BookRecipe();
        config.Workers = 2;
        Assert.That(Refusal(config), Is.EqualTo("config: key 'workers': 2 is for mode \"fast\" only; mode " +
            "\"faithful\" does not use it (the faithful mode trains on one thread of steps); remove the key or " +
            "change mode"));
        var fast = TrainingConfig.FastCbow();
        fast.Shuffle = true;
        Assert.That(Refusal(fast), Is.EqualTo("config: key 'shuffle': true is for mode \"faithful\" only; mode " +
            "\"fast\" does not use it (the fast mode reads the corpus in order, as word2vec); remove the key or " +
            "change mode"));
    }

    /// <summary>The values that mean "not used" are accepted in the other mode: shuffle false, no clipping, the manual
    /// backward.</summary>
    [Test]
    public void ValuesThatMeanNotUsed_AreAccepted()
    {
        var fast = TrainingConfig.FastCbow();
        (fast.Shuffle, fast.MaxGradNorm, fast.GradientMode) = (false, null, GradientMode.Manual);
        fast.Validate();
        var faithful = TrainingConfig.BookRecipe();
        (faithful.Workers, faithful.SubsamplingThreshold, faithful.Sampler) = (1, 0, SamplerMode.Multinomial);
        faithful.Validate();
    }

    [Test]
    public void ValuesSetInCode_AreCheckedWhereSet_NamingThePropertyAndItsKey()
    {
        Assert.That(Assert.Throws<ConfigException>(() => _ = new TrainingConfig { BatchSize = 0 })!.Message,
            Is.EqualTo("BatchSize (config key 'batchSize'): expected an integer >= 1, found 0"));
        Assert.That(Assert.Throws<ConfigException>(() => _ = new TrainingConfig { Beta2 = 1 })!.Message,
            Is.EqualTo("Beta2 (config key 'beta2'): expected a number in [0, 1), found 1"));
        Assert.That(Assert.Throws<ConfigException>(() => _ = new TrainingConfig { Device = "tpu" })!.Message,
            Does.StartWith("Device (config key 'device'): expected \"cpu\", \"cuda\""));
        Assert.That(Assert.Throws<ConfigException>(() => _ = new TrainingConfig { Model = (ModelKind)7 })!.Message,
            Does.StartWith("Model (config key 'model'): expected \"cbow\" or \"skipGram\", found"));
    }

    [Test]
    public void Preset_InAFile_SetsEveryKeyFirst_ThenTheFilesKeys()
    {
        var config = new TrainingConfig();
        config.Apply("{\"epochs\": 3, \"preset\": \"fastSkipGram\"}", "test.json");
        Assert.That((config.Mode, config.Model, config.LearningRate, config.Epochs),
            Is.EqualTo((TrainingMode.Fast, ModelKind.SkipGram, 0.025, 3)));
        var unknown = Assert.Throws<InvalidDataException>(
            () => new TrainingConfig().Apply("{\"preset\": \"turbo\"}", "x.json"))!;
        Assert.That(unknown.Message, Does.Contain("x.json: key 'preset'").And.Contain("\"fastCbow\""));
    }

    /// <summary>step's default follows the device, rowMeanUpdates' the step; what the chosen step cannot do is
    /// refused naming the key.</summary>
    [Test]
    public void Step_DefaultsByDevice_AndRefusesWhatTheChosenStepCannotDo()
    {
        var config = TrainingConfig.FastCbow();
        Assert.That(FastOptions.For(config, TorchSharp.torch.CPU), Is.EqualTo(
            new FastOptions(CbowContextUpdate.Word2Vec, SkipGramNegatives.PerPair, StepKind.Kernels, false)));
        var cuda = new TorchSharp.torch.Device(TorchSharp.DeviceType.CUDA, 0);
        var onCuda = FastOptions.For(config, cuda);
        Assert.That((onCuda.Step, onCuda.RowMean, onCuda.RowCap), Is.EqualTo((StepKind.Batched, true, 64)));
        Assert.That(FastOptions.For(TrainingConfig.FastSkipGram(), cuda).RowCap, Is.EqualTo(128), "README's default");
        config.RowUpdateCap = 3;
        Assert.That(FastOptions.For(config, cuda).RowCap, Is.EqualTo(3));
        config.Step = StepKind.Batched;
        config.RowMeanUpdates = false;
        Assert.That(Assert.Throws<ConfigException>(() => FastOptions.For(config, TorchSharp.torch.CPU))!.Message,
            Is.EqualTo("config: key 'rowUpdateCap': it caps the batched step's row means; found " +
                "\"rowMeanUpdates\": false, which adds up each row's updates (remove the key, or use \"step\": " +
                "\"batched\" with SGD's row means)"));
        config.RowUpdateCap = null;
        Assert.That(FastOptions.For(config, TorchSharp.torch.CPU).RowMean, Is.False);

        config.Step = StepKind.Kernels;
        config.RowMeanUpdates = true;
        Assert.That(Assert.Throws<ConfigException>(() => FastOptions.For(config, TorchSharp.torch.CPU))!.Message,
            Is.EqualTo("config: key 'rowMeanUpdates': true needs \"step\": \"batched\"; the kernels add up each " +
                "row's updates (remove the key or set \"step\": \"batched\")"));
        (config.RowMeanUpdates, config.RowUpdateCap) = (null, 2);
        Assert.That(Assert.Throws<ConfigException>(() => FastOptions.For(config, TorchSharp.torch.CPU))!.Message,
            Does.StartWith("config: key 'rowUpdateCap': it caps the batched step's row means; found \"step\": " +
                "\"kernels\""));
        (config.Step, config.RowUpdateCap, config.Optimizer) = (StepKind.Batched, null, OptimizerKind.Adam);
        Assert.That(Assert.Throws<ConfigException>(() => FastOptions.For(config, TorchSharp.torch.CPU))!.Message,
            Does.StartWith("config: key 'step': \"batched\" runs word2vec's SGD or row-wise Adagrad; found " +
                "\"optimizer\": \"adam\""));

        config.Optimizer = OptimizerKind.Adagrad;
        Assert.That(FastOptions.For(config, TorchSharp.torch.CPU).RowMean, Is.False, "Adagrad has no row means");
        config.Step = StepKind.Kernels;
        Assert.That(Assert.Throws<ConfigException>(() => FastOptions.For(config, TorchSharp.torch.CPU))!.Message,
            Does.StartWith("config: key 'optimizer': \"adagrad\" runs in the batched step; found \"step\": " +
                "\"kernels\""));
        config.Step = null;
        Assert.That(FastOptions.For(config, TorchSharp.torch.CPU).Step, Is.EqualTo(StepKind.Batched),
            "Adagrad's step on the CPU");
        config.Step = StepKind.Batched;
        config.RowUpdateCap = 64;
        Assert.That(Assert.Throws<ConfigException>(() => FastOptions.For(config, TorchSharp.torch.CPU))!.Message,
            Does.StartWith("config: key 'rowUpdateCap': it caps the batched step's row means; found \"optimizer\": " +
                "\"adagrad\""));
        (config.RowUpdateCap, config.RowMeanUpdates) = (null, true);
        Assert.That(Assert.Throws<ConfigException>(() => FastOptions.For(config, TorchSharp.torch.CPU))!.Message,
            Does.StartWith("config: key 'rowMeanUpdates': true needs \"optimizer\": \"sgd\""));
    }
}
