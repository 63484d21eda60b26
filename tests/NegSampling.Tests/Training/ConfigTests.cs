using System.Text.RegularExpressions;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Training;

[TestFixture, Category("Training")]
public sealed class ConfigTests
{
    private static string Error(string json)
    {
        using var dir = new TempDir();
        var path = dir.File("bad.json", json);
        return Assert.Catch(() => TrainingConfig.Load(path))!.Message;
    }

    [Test]
    public void ShippedConfigs_LoadAndFollowTheBook()
    {
        foreach (var name in new[] { "ptb-cbow", "ptb-skipgram" })
        {
            var config = TrainingConfig.Load(Repository.File("configs", name + ".json"));
            Assert.That((config.Window, config.HiddenSize, config.BatchSize, config.Epochs, config.Negatives),
                Is.EqualTo((5, 100, 100, 10, 5)), name);
            Assert.That((config.Optimizer, config.LearningRate, config.Power),
                Is.EqualTo((OptimizerKind.Adam, 0.001, 0.75)), name);
            Assert.That(config.Model, Is.EqualTo(name == "ptb-cbow" ? ModelKind.Cbow : ModelKind.SkipGram));
        }
        Assert.That(TrainingConfig.Load(Repository.File("configs", "smoke.json")).Name, Is.EqualTo("smoke"));
    }

    [Test]
    public void Errors_NameTheFileKeyExpectedAndFound()
    {
        Assert.That(Error("{\"epocs\": 2}"), Does.Contain("bad.json").And.Contain("unknown key 'epocs'"));
        Assert.That(Error("{\"epochs\": \"ten\"}"),
            Does.Contain("key 'epochs'").And.Contain("expected an integer").And.Contain("\"ten\""));
        Assert.That(Error("{\"epochs\": 0}"), Does.Contain("key 'epochs'").And.Contain(">= 1").And.Contain("found 0"));
        Assert.That(Error("{\"model\": \"glove\"}"),
            Does.Contain("key 'model'").And.Contain("\"cbow\" or \"skipGram\""));
        Assert.That(Error("{\"device\": \"tpu\"}"), Does.Contain("key 'device'").And.Contain("cuda:N"));
        Assert.That(Error("{\n  \"epochs\": 2,\n  oops\n}"), Does.Contain("line 3").And.Contain("not valid JSON"));
        Assert.That(Error("[1, 2]"), Does.Contain("JSON object"));
    }

    [Test]
    public void Overrides_AreTypedAndValidated()
    {
        var config = new TrainingConfig();
        config.Override(["epochs=3", "model=skipgram", "sampler=multinomial", "maxGradNorm=5", "maxVocab=null"]);
        Assert.That((config.Epochs, config.Model, config.Sampler, config.MaxGradNorm, config.MaxVocab),
            Is.EqualTo((3, ModelKind.SkipGram, SamplerMode.Multinomial, (double?)5, (int?)null)));
        Assert.That(Assert.Catch(() => config.Override(["epochs=two"]))!.Message,
            Does.Contain("--set").And.Contain("'epochs'").And.Contain("'two'"));
        Assert.That(Assert.Catch(() => config.Override(["nosuch=1"]))!.Message, Does.Contain("unknown key 'nosuch'"));
    }

    [Test]
    public void Resume_RefusesChangesToWhatIsComputed()
    {
        var saved = new TrainingConfig().ToJson();
        Assert.That(TrainingConfig.ForResume(saved, ["epochs=20"]).Epochs, Is.EqualTo(20));
        Assert.That(Assert.Catch(() => TrainingConfig.ForResume(saved, ["hiddenSize=50"]))!.Message,
            Does.Contain("hiddenSize").And.Contain("cannot change on resume").And.Contain("100"));
    }

    [Test]
    public void ToJson_RoundTrips()
    {
        var config = new TrainingConfig { Name = "x", Epochs = 7, MaxGradNorm = 2.5, Model = ModelKind.SkipGram };
        var copy = config.Clone();
        Assert.That(copy.ToJson().ToJsonString(), Is.EqualTo(config.ToJson().ToJsonString()));
    }

    /// <summary>Files and checkpoints written before the renames spell sampler "fast", evalInterval and
    /// sample.</summary>
    [Test]
    public void FormerNames_AreRead_AndWrittenAsTheNewOnes()
    {
        var config = new TrainingConfig();
        config.Apply("{\"sampler\": \"fast\", \"evalInterval\": 7, \"sample\": 0.25}", "old.json");
        Assert.That((config.Sampler, config.LogInterval, config.SubsamplingThreshold),
            Is.EqualTo((SamplerMode.Multinomial, 7, 0.25)));
        var json = config.ToJson();
        Assert.That((json["sampler"]!.GetValue<string>(), json["logInterval"]!.GetValue<int>(),
            json["subsamplingThreshold"]!.GetValue<double>()), Is.EqualTo(("multinomial", 7, 0.25)));
        Assert.That(json.Select(k => k.Key), Has.No.Member("evalInterval").And.No.Member("sample"));
        config.Override(["evalInterval=9", "sample=0.5"]);
        Assert.That((config.LogInterval, config.SubsamplingThreshold), Is.EqualTo((9, 0.5)));
        Assert.That(Error("{\"sample\": -1}"),
            Does.EndWith("bad.json: key 'sample': expected a number >= 0 (0: no subsampling), found -1"),
            "the error names the key as the file spells it");
    }

    [TestCase("evalInterval", "logInterval", "7")]
    [TestCase("sample", "subsamplingThreshold", "0.1")]
    public void BothSpellingsOfOneKey_AreRefused_NamingBoth(string former, string key, string value)
    {
        Assert.That(Error($"{{\"{former}\": {value}, \"{key}\": {value}}}"),
            Does.EndWith($"bad.json: keys '{former}' and '{key}' are one key ('{former}' is its former name); " +
                $"keep '{key}' only"));
    }

    [Test]
    public void Resume_TakesAFormerName_OfAResumableKey()
    {
        var saved = new TrainingConfig().ToJson();
        Assert.That(TrainingConfig.ForResume(saved, ["evalInterval=3"]).LogInterval, Is.EqualTo(3));
        Assert.That(Assert.Catch(() => TrainingConfig.ForResume(saved, ["sample=0.1"]))!.Message,
            Does.StartWith("--set sample: cannot change on resume (the checkpoint has 0)"));
    }

    /// <summary>README's "Configs" table lists every key a config takes (and "preset"), and no other.</summary>
    [Test]
    public void ReadmeKeyTable_ListsEveryKey_AndNoOther()
    {
        var lines = File.ReadAllLines(Repository.File("README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("| key | meaning (default) |", StringComparison.Ordinal));
        Assert.That(start, Is.GreaterThan(0), "README has the key table");
        var listed = lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|'))
            .SelectMany(l => Regex.Matches(l.Split('|')[1], "`([^`]+)`").Select(m => m.Groups[1].Value)).ToList();
        var declared = new TrainingConfig().ToJson().Select(k => k.Key).Append("preset").ToList();
        Assert.That(listed.Except(declared), Is.Empty, "README lists keys that do not exist");
        Assert.That(declared.Except(listed), Is.Empty, "README misses keys");
    }
}
