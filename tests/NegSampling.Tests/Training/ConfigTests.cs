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
        config.Override(["epochs=3", "model=skipgram", "sampler=fast", "maxGradNorm=5", "maxVocab=null"]);
        Assert.That((config.Epochs, config.Model, config.Sampler, config.MaxGradNorm, config.MaxVocab),
            Is.EqualTo((3, ModelKind.SkipGram, SamplerMode.Fast, (double?)5, (int?)null)));
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
}
