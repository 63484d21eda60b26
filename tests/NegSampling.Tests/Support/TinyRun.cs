using NegSampling.Training;

namespace NegSampling.Tests.Support;

/// <summary>A small training setup on a planted corpus in a temporary directory.</summary>
public static class TinyRun
{
    public static TrainingConfig Config(TempDir dir, string? corpus = null)
    {
        corpus ??= dir.File("planted.txt",
            PlantedCorpus.Text(groups: 3, wordsPerGroup: 4, sentences: 300, sentenceLength: 8, seed: 1));
        var config = new TrainingConfig
        {
            Name = "tiny",
            Corpus = corpus,
            HiddenSize = 8,
            Window = 2,
            Negatives = 3,
            BatchSize = 16,
            Epochs = 2,
            LearningRate = 0.01,
            LogInterval = 10,
            CheckpointInterval = 0,
            KeepCheckpoints = 5,
            OutputDir = Path.Combine(dir.Path, "out"),
            Device = "cpu",
        };
        return config;
    }

    /// <summary>The tiny config on a corpus of 40,000 lines, long enough to be stopped or watched part way; the CLI
    /// that runs it (the Cli project's dll beside the tests').</summary>
    public static (TrainingConfig Config, string Cli) Long(TempDir dir)
    {
        var corpus = dir.File("long.txt",
            PlantedCorpus.Text(groups: 3, wordsPerGroup: 4, sentences: 40_000, sentenceLength: 8, seed: 2));
        return (Config(dir, corpus), System.IO.Path.Combine(AppContext.BaseDirectory, "NegSampling.Cli.dll"));
    }

    /// <summary>Trains the tiny config for some epochs; returns the config (its output directory holds the
    /// checkpoints).</summary>
    public static TrainingConfig Train(TempDir dir, int epochs = 1)
    {
        var config = Config(dir);
        config.Epochs = epochs;
        using var trainer = new Trainer(config, TrainingData.Load(config, "unused"));
        trainer.Run();
        return config;
    }

    public static string WriteConfig(TempDir dir, TrainingConfig config, string name = "tiny.json")
    {
        var path = dir.File(name);
        File.WriteAllText(path, config.ToJson().ToJsonString());
        return path;
    }
}
