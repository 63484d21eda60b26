using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using NegSampling.Formats;
using NegSampling.Tests.Evaluation;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Cli;

/// <summary>Messages a new user meets: one line in the user's words, never a raw .NET message or a C# name.</summary>
[TestFixture, Category("Cli")]
public sealed class MessageTests
{
    private static string OneLineError(CliRunner.Result result)
    {
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Out + result.Err);
        var lines = result.Err.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1), result.Err);
        Assert.That(lines[0], Does.Not.Contain("(Parameter"));
        return lines[0];
    }

    [Test]
    public void Export_IntoAMissingDirectory_NamesTheDirectory_NotATemporaryFile()
    {
        using var dir = new TempDir();
        var config = TinyRun.Train(dir);
        var target = Path.Combine(dir.Path, "no-such-dir", "v.txt");
        var error = OneLineError(CliRunner.Run("export", "--checkpoint", config.OutputDir!, "--out", target));
        Assert.That(error, Does.Contain(Path.Combine(dir.Path, "no-such-dir")).And.Contain("does not exist"));
        Assert.That(error, Does.Not.Contain(".tmp"));
    }

    /// <summary>A safetensors file as the format lays it out, written by hand: two 2 x 1 float32 tensors and
    /// <paramref name="words"/> as the JSON value of __metadata__'s negsampling.words.</summary>
    private static string Safetensors(TempDir dir, string name, string words)
    {
        var header = Encoding.UTF8.GetBytes("{\"__metadata__\":{\"negsampling.words\":" + words + "}," +
            "\"w_in.weight\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8]}," +
            "\"w_out.weight\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[8,16]}}");
        var path = dir.File(name);
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)header.Length));
        file.Write(header);
        foreach (var x in new[] { 1f, 2f, 3f, 4f }) file.Write(BitConverter.GetBytes(x));
        return path;
    }

    /// <summary>The file ('a' is not a JSON list) and three more not in the form export writes: named by the
    /// file and the key, expected against found; the same layout with a sound list loads.</summary>
    [TestCase("\"abc\"", "'abc'")]
    [TestCase("\"[1, 2]\"", "'[1, 2]'")]
    [TestCase("\"[null, \\\"b\\\"]\"", "'[null, \"b\"]'")]
    [TestCase("[\"a\", \"b\"]", "'[\"a\",\"b\"]'")]
    public void Safetensors_WithAVocabularyNotInOurForm_NamesTheKey_ExpectedAndFound(string words, string found)
    {
        using var dir = new TempDir();
        var sound = Safetensors(dir, "sound.safetensors", "\"[\\\"a\\\", \\\"b\\\"]\"");
        var similar = CliRunner.Run("similar", "--vectors", sound, "a");
        Assert.That(similar.ExitCode, Is.EqualTo(0), similar.Err);
        Assert.That(similar.Out, Does.Contain("b"));

        var path = Safetensors(dir, "odd.safetensors", words);
        var error = OneLineError(CliRunner.Run("similar", "--vectors", path, "a"));
        Assert.That(error, Does.Contain(path).And.Contain("__metadata__ 'negsampling.words'")
            .And.Contain("a JSON list of the words").And.EndWith("found " + found));
        Assert.That(error, Does.Not.Contain("LineNumber").And.Not.Contain("Path: $"));
    }

    /// <summary>An output folder, or an id cache folder, that cannot be written: one line naming the folder and the
    /// key to change, and nothing written.</summary>
    [TestCase("outputDir")]
    [TestCase("corpusCache")]
    [SupportedOSPlatform("linux")]
    public void UnwritableFolder_IsNamedWithTheKeyToChange(string key)
    {
        using var dir = new TempDir();
        using var locked = new UnwritableFolder(Path.Combine(dir.Path, "locked"));
        var config = TinyRun.Config(dir);
        config.OutputDir = key == "outputDir" ? locked.Path : Path.Combine(dir.Path, "out");
        config.CorpusCache = key == "corpusCache" ? locked.Path : Path.Combine(dir.Path, "cache");
        var error = OneLineError(CliRunner.Run("train", "--config", TinyRun.WriteConfig(dir, config)));
        var what = key == "outputDir" ? "the run's files" : "the id cache";
        Assert.That(error, Is.EqualTo($"error: cannot write {what} in {locked.Path}: the folder is read-only; " +
                                      $"set {key} to another folder"));
        Assert.That(Directory.GetFileSystemEntries(locked.Path), Is.Empty);
    }

    /// <summary>The disk fills while a checkpoint is written (its temporary file, and the loss plot's, are /dev/full,
    /// whose writes fail with ENOSPC): one line naming the checkpoint, not its temporary, the full disk and the
    /// checkpoint before it, which loads; no temporary file is left.</summary>
    [Test]
    public void FullDisk_WhileCheckpointing_NamesTheCheckpointAndTheNewestReadableOne()
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        config.CheckpointInterval = 10;
        var output = Directory.CreateDirectory(config.OutputDir!).FullName;
        var second = Path.Combine(output, Checkpoint.FileName(20));
        File.CreateSymbolicLink(second + ".tmp", "/dev/full");
        File.CreateSymbolicLink(Path.Combine(output, ".loss.tmp.png"), "/dev/full"); // the loss plot's temporary

        var error = OneLineError(CliRunner.Run("train", "--config", TinyRun.WriteConfig(dir, config)));
        Assert.That(error, Is.EqualTo($"error: cannot write {second}: the disk is full; the newest readable " +
                                      $"checkpoint is {Checkpoint.FileName(10)} in the same folder"));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName),
            Is.SupersetOf(new[] { Checkpoint.FileName(10), "loss.csv" }));
        Assert.That(Directory.GetFiles(output, "*.tmp*"), Is.Empty);
        Assert.That(Checkpoint.List(output), Has.Count.EqualTo(1));
        using var newest = Checkpoint.Load(Checkpoint.Resolve(output));
        Assert.That(newest.Step, Is.EqualTo(10));
    }

    [Test]
    public void SamplerAndWindowLimits_AreNamedByTheirConfigKeys()
    {
        using var dir = new TempDir();
        var path = TinyRun.WriteConfig(dir, TinyRun.Config(dir));
        // The planted corpus has 12 words and 2,700 tokens (with <eos>).
        Assert.That(OneLineError(CliRunner.Run("train", "--config", path, "--set", "negatives=13")),
            Does.Contain("key 'negatives'").And.Contain("13"));
        Assert.That(OneLineError(CliRunner.Run("train", "--config", path, "--set", "window=5000")),
            Does.Contain("key 'window'").And.Contain("5000"));
        Assert.That(OneLineError(CliRunner.Run("train", "--config", path, "--set", "batchSize=100000")),
            Does.Contain("key 'batchSize'"));
    }

    [Test]
    public void Evaluate_WithFewerThanTwoWordPairs_ReportsTheAnalogiesAndWhyThereIsNoCorrelation()
    {
        using var dir = new TempDir();
        var file = WordVectorsTests.ToyFile(dir);
        var questions = dir.File("q.txt", ": royalty\nman king woman queen\n");
        var pairs = dir.File("p.tsv", "man\twoman\t5\nzebra\tyak\t2\n");
        var result = CliRunner.Run("evaluate", "--vectors", file, "--analogies", questions, "--similarity", pairs);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.Contain("Total accuracy").And.Contain("100.0%"));
        Assert.That(result.Out,
            Does.Contain("no correlation: 1 pair(s) in the vocabulary, at least 2 needed (1 skipped"));
    }

    [Test]
    public void Evaluate_WithoutTheEvaluationSets_SaysHowToFetchThem()
    {
        using var dir = new TempDir();
        var file = WordVectorsTests.ToyFile(dir);
        var error = OneLineError(CliRunner.Run("evaluate", "--vectors", file, "--data-dir", dir.Path));
        Assert.That(error, Does.Contain("questions-words not found").And.Contain("negsampling fetch questions-words"));
    }

    /// <summary>An option given a value it does not take (no number, a number out of its range, a word not among its
    /// choices) is one usage line naming the option, also where a command's own checks read the option (they once
    /// threw for a value that did not convert). FILE is a vectors file, OUT a path to write.</summary>
    [TestCase("similar --top x --vectors FILE king", "--top: expected a number of answers (0 or more), found x")]
    [TestCase("similar --limit 0 --vectors FILE king", "--limit: expected a positive number of vectors, found 0")]
    [TestCase("similar --limit 1.5 --vectors FILE king", "--limit: expected a positive number of vectors, found 1.5")]
    [TestCase("plot --k x --vectors FILE --around king --out OUT",
        "--k: expected a number of neighbours (1 or more), found x")]
    [TestCase("plot --top 0 --vectors FILE --out OUT", "--top: expected a number of words (1 or more), found 0")]
    [TestCase("plot --width 99 --vectors FILE --around king --out OUT",
        "--width: expected 100 to 10000 pixels, found 99")]
    [TestCase("plot --method umap --perplexity 5 --vectors FILE --top 3 --out OUT",
        "--method: expected pca or tsne, found umap")]
    [TestCase("evaluate --height x --vectors FILE", "--height: expected 100 to 10000 pixels, found x")]
    [TestCase("export --top 3000000000 --checkpoint FILE --format projector --out OUT",
        "--top: expected a number of words (1 or more), at most 2147483647, found 3000000000")]
    [TestCase("export --format glove --top 3 --checkpoint FILE --out OUT", "--format: expected one of word2vec, " +
        "word2vec-binary, float16, pytorch, safetensors, native, projector, found glove")]
    [TestCase("compare --top 0 --ours FILE --reference FILE",
        "--top: expected a number of neighbours (1 or more), found 0")]
    [TestCase("bench train --steps -5 --config FILE", "--steps: expected a number of steps (1 or more), found -5")]
    public void OptionValue_NotTaken_IsOneUsageLine(string commandLine, string problem)
    {
        using var dir = new TempDir();
        var file = WordVectorsTests.ToyFile(dir);
        var output = dir.File("out");
        var result = CliRunner.Run([.. commandLine.Split(' ').Select(a => a switch
        {
            "FILE" => file,
            "OUT" => output,
            _ => a,
        })]);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Err);
        Assert.That(result.Err.Split('\n')[0], Is.EqualTo($"error: {problem}"));
        Assert.That(Path.Exists(output), Is.False, "nothing written");
    }

    [Test]
    public void Help_CallsTheProgramNegsampling()
    {
        var result = CliRunner.Run("--help");
        Assert.That(result.Out, Does.Contain("negsampling [command] [options]"));
        Assert.That(result.Out, Does.Not.Contain("NegSampling.Cli"));
    }

    /// <summary>Without counts the reference's first words; a checkpoint's counts pick the most frequent.</summary>
    [Test]
    public void Compare_SamplesTheMostFrequentWords_ByACheckpointsCounts()
    {
        using var dir = new TempDir();
        var config = TinyRun.Train(dir);
        var exported = dir.File("v.txt");
        Assert.That(CliRunner.Run("export", "--checkpoint", config.OutputDir!, "--out", exported).ExitCode,
            Is.EqualTo(0));
        var result = CliRunner.Run("compare", "--ours", config.OutputDir!, "--reference", exported);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        using var checkpoint = Checkpoint.Load(Checkpoint.Resolve(config.OutputDir!));
        var eos = checkpoint.Words.ToList().IndexOf("<eos>");
        Assert.That(checkpoint.Counts[eos], Is.EqualTo(checkpoint.Counts.Max()), "<eos> ends all 300 lines");
        Assert.That(eos, Is.GreaterThan(0), "and is not the file's first word");
        var compared = result.Out.Split('\n').Where(l => l.Contains("overlap") && !l.StartsWith("mean")).ToList();
        Assert.That(compared, Has.Count.EqualTo(10));
        Assert.That(compared[0].Trim(), Does.StartWith("<eos>"));
    }

    /// <summary>Ctrl+C in a terminal (a pseudo-terminal from script(1)): a checkpoint line and a resume command that
    /// works from here.</summary>
    [Test]
    public void Interrupted_InATerminal_PrintsTheCheckpointAndAResumeCommandForTheUsersDirectory()
    {
        using var dir = new TempDir();
        var (config, cli) = TinyRun.Long(dir);
        config.OutputDir = null;
        config.Name = "long";
        var configPath = TinyRun.WriteConfig(dir, config, "long.json");
        var work = Directory.CreateDirectory(Path.Combine(dir.Path, "work")).FullName;
        var command = $"NEGSAMPLING_COMMAND=negsampling dotnet {cli} train --config {configPath}";
        var start = new ProcessStartInfo("script", ["-qfec", command, "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            WorkingDirectory = work,
        };
        using var process = Process.Start(start)!;
        var seen = new System.Text.StringBuilder();
        var buffer = new char[4096];
        while (!seen.ToString().Contains("words/s"))
        {
            var n = process.StandardOutput.Read(buffer, 0, buffer.Length);
            if (n <= 0) break;
            seen.Append(buffer, 0, n);
        }
        process.StandardInput.Write('\u0003'); // the terminal's Ctrl+C
        process.StandardInput.Flush();
        seen.Append(process.StandardOutput.ReadToEnd());
        process.WaitForExit();
        var text = seen.ToString();
        Assert.That(text, Does.Contain("checkpoint: checkpoints/long/checkpoint-"));
        Assert.That(text, Does.Contain("interrupted; resume with: negsampling train --resume checkpoints/long"));
        Assert.That(Checkpoint.List(Path.Combine(work, "checkpoints", "long")), Has.Count.EqualTo(1));
    }
}
