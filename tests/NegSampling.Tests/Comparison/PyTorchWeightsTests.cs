using NegSampling.Formats;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;
using static TorchSharp.torch;
using Adam = NegSampling.Training.Optimizers.Adam;

namespace NegSampling.Tests.Comparison;

/// <summary>
/// Weights moved between NegSampling and real PyTorch (Debian's torch): our files read by torch.load and by hand,
/// PyTorch's files read by us, and a run on each side from the same weights ending at the same place.
/// </summary>
[TestFixture, Category("PyTorchParity")]
public sealed class PyTorchWeightsTests
{
    private static string Python() => ReferencePython.Require("torch", "numpy");

    private static string RunPython(string python, string code, params string[] arguments)
    {
        var output = ReferencePython.Run(python, ["-c", code, .. arguments], TimeSpan.FromMinutes(2));
        if (output.ExitCode != 0) Assert.Fail($"python failed ({output.ExitCode}): {output.Err}");
        return output.Out.Trim();
    }

    /// <summary>A trained tiny run, its weights as a checkpoint.</summary>
    private static string TrainedRun(TempDir dir) => TinyRun.Train(dir).OutputDir!;

    [Test]
    public void OurPt_LoadsInTorchWithWeightsOnly_AndEqualsOurWord2VecExport()
    {
        var python = Python();
        using var dir = new TempDir();
        var run = TrainedRun(dir);
        var (pt, text) = (dir.File("model.pt"), dir.File("vectors.txt"));
        Assert.That(CliRunner.Run("export", "--checkpoint", run, "--format", "pytorch", "--out", pt).ExitCode,
            Is.EqualTo(0));
        Assert.That(CliRunner.Run("export", "--checkpoint", run, "--out", text).ExitCode, Is.EqualTo(0));
        var report = RunPython(python, """
            import sys, torch, numpy as np
            state = torch.load(sys.argv[1], weights_only=True)
            words = open(sys.argv[1][:-3] + ".vocab.txt", encoding="utf-8").read().split("\n")[:-1]
            lines = open(sys.argv[2], encoding="utf-8").read().split("\n")[1:-1]
            text = {l.split(" ")[0]: np.array([float(x) for x in l.split(" ")[1:]], dtype=np.float32) for l in lines}
            w = state["w_in.weight"].numpy()
            same = all(np.array_equal(w[i], text[word]) for i, word in enumerate(words))
            shapes = tuple(w.shape), tuple(state["w_out.weight"].shape)
            print(sorted(state.keys()), state["w_in.weight"].dtype, *shapes, len(words), same)
            """, pt, text);
        Assert.That(report, Is.EqualTo("['w_in.weight', 'w_out.weight'] torch.float32 (13, 8) (13, 8) 13 True"));
        var fromPt = CliRunner.Run("similar", "--vectors", pt, "--top", "3", "g0w0");
        var fromText = CliRunner.Run("similar", "--vectors", text, "--top", "3", "g0w0");
        Assert.That((fromPt.ExitCode, fromPt.Out), Is.EqualTo((0, fromText.Out)),
            "--vectors reads the .pt as the text file");
    }

    [Test]
    public void OurSafetensors_ParsedByHand_HoldsTheSameValuesAndTheVocabulary()
    {
        var python = Python();
        using var dir = new TempDir();
        var run = TrainedRun(dir);
        var file = dir.File("model.safetensors");
        Assert.That(CliRunner.Run("export", "--checkpoint", run, "--format", "safetensors", "--out", file).ExitCode,
            Is.EqualTo(0));
        var raw = dir.File("w_in.f32");
        using (var weights = ModelWeights.FromCheckpoint(run)) File.WriteAllBytes(raw,
            weights.WIn.contiguous().bytes.ToArray());
        // The format by hand (no safetensors package in Debian 12): 8-byte length, JSON header, raw bytes.
        var report = RunPython(python, """
            import sys, json, struct, numpy as np
            data = open(sys.argv[1], "rb").read()
            n = struct.unpack("<Q", data[:8])[0]
            header = json.loads(data[8:8 + n])
            entry = header["w_in.weight"]
            a, b = entry["data_offsets"]
            w = np.frombuffer(data[8 + n + a:8 + n + b], dtype="<f4").reshape(entry["shape"])
            words = json.loads(header["__metadata__"]["negsampling.words"])
            raw = np.fromfile(sys.argv[2], dtype="<f4").reshape(w.shape)
            print(entry["dtype"], entry["shape"], len(words), words[0], np.array_equal(w, raw))
            """, file, raw);
        using var checkpoint = Checkpoint.Load(Checkpoint.Resolve(run));
        Assert.That(report, Is.EqualTo($"F32 [13, 8] 13 {checkpoint.Words[0]} True"));
    }

    /// <summary>A state_dict written by torch.save initialises our model exactly (values checked against raw bytes
    /// numpy wrote).</summary>
    [Test]
    public void TorchSavedStateDict_InitialisesOurModelExactly()
    {
        var python = Python();
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        using var data = TrainingData.Load(config, "unused");
        var pt = dir.File("torch.pt");
        File.WriteAllLines(PyTorchStateDict.VocabularyPath(pt), data.Vocabulary.Words);
        RunPython(python, """
            import sys, torch
            torch.manual_seed(3)
            w_in, w_out = torch.randn(13, 8), torch.randn(13, 8)
            torch.save({"w_in.weight": w_in, "w_out.weight": w_out}, sys.argv[1])
            w_in.numpy().tofile(sys.argv[1] + ".in.f32"); w_out.numpy().tofile(sys.argv[1] + ".out.f32")
            """, pt);
        using var weights = ModelWeights.Load(pt);
        using var trainer = new Trainer(config, data, initialWeights: weights);
        Tensor Raw(string suffix) => tensor(File.ReadAllBytes(pt + suffix).Chunk(4).Select(b =>
            BitConverter.ToSingle(b)).ToArray()).view(13, 8);
        Assert.That(Numeric.BitIdentical(trainer.Model.WIn, Raw(".in.f32")), Is.True, "W_in");
        Assert.That(Numeric.BitIdentical(trainer.Model.WOut, Raw(".out.f32")), Is.True, "W_out");
    }

    /// <summary>
    /// Our exported weights, 100 Adam steps in PyTorch (the reference's steps command, which draws the batches and
    /// negatives and writes its final state_dict with torch.save), and the same 100 steps here: equal within 1e-5.
    /// </summary>
    [TestCase(ModelKind.Cbow)]
    [TestCase(ModelKind.SkipGram)]
    public void SameExportedWeights_SameNegatives_100Steps_AgreeWithPyTorch(ModelKind kind)
    {
        var python = Python();
        using var dir = new TempDir();
        var words = Enumerable.Range(0, 30).Select(i => $"w{i}").ToList();
        var generator = new Generator(5);
        using (var start = new ModelWeights(words, randn(30, 8, generator: generator) * 0.5,
            randn(30, 8, generator: generator) * 0.5))
            start.Save(dir.File("start.pt"), VectorFormat.PyTorch);
        ReferencePython.RunScript(python, "word2vec_reference.py", "steps", "--init-from", dir.File("start.pt"),
            "--out-state-dict", dir.File("end.pt"), "--out-case", dir.File("case.json"),
            "--model", kind == ModelKind.Cbow ? "cbow" : "skipgram");
        var scenario = Scenario.Load(dir.File("case.json"));
        using var initial = ModelWeights.Load(dir.File("start.pt"));
        using var model = Word2VecModel.Create(kind, initial.WIn, initial.WOut,
            new RecordedNegatives(scenario.Batches.Select(b => b.Negatives)));
        using var adam = new Adam([("W_in", model.WIn), ("W_out", model.WOut)], 0.01);
        foreach (var (contexts, target, _) in scenario.Batches)
        {
            using var scope = NewDisposeScope();
            var loss = model.forward(contexts, target);
            adam.ZeroGrad();
            loss.backward();
            adam.Step(0);
        }
        using var end = ModelWeights.Load(dir.File("end.pt"));
        Assert.That(end.Words, Is.EqualTo(words));
        Numeric.AssertClose(model.WIn, end.WIn, 1e-5, 1e-5, "W_in after 100 steps");
        Numeric.AssertClose(model.WOut, end.WOut, 1e-5, 1e-5, "W_out after 100 steps");
    }

    [Test]
    public void InitFrom_AnotherVocabularyOrShape_IsRefusedWithOneLine()
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        var configPath = TinyRun.WriteConfig(dir, config);
        using var data = TrainingData.Load(config, "unused");
        var swapped = data.Vocabulary.Words.ToList();
        (swapped[3], swapped[4]) = (swapped[4], swapped[3]);
        using (var weights = new ModelWeights(swapped, zeros(13, 8), zeros(13, 8)))
            weights.Save(dir.File("swapped.pt"), VectorFormat.PyTorch);
        using (var weights = new ModelWeights(data.Vocabulary.Words, zeros(13, 5), zeros(13, 5)))
            weights.Save(dir.File("narrow.safetensors"), VectorFormat.Safetensors);

        var vocabulary = CliRunner.Run("train", "--config", configPath, "--init-from", dir.File("swapped.pt"));
        Assert.That(vocabulary.ExitCode, Is.EqualTo(1));
        Assert.That(vocabulary.Err.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(vocabulary.Err, Does.Contain($"word 3 is '{swapped[3]}' there and '{swapped[4]}' here"));
        var shape = CliRunner.Run("train", "--config", configPath, "--init-from", dir.File("narrow.safetensors"));
        Assert.That(shape.ExitCode, Is.EqualTo(1));
        Assert.That(shape.Err, Does.Contain("w_in.weight is [13, 5]; the model is [13, 8] (hiddenSize 8)"));
        Assert.That(Directory.Exists(config.OutputDir), Is.False, "nothing written");
    }

    /// <summary>Files PyBridge cannot read are one clear line each: a legacy torch.save, a slice of a larger storage, a
    /// transposed view.</summary>
    [TestCase("legacy", "legacy (non-zip)")]
    [TestCase("slice", "view into a larger storage")]
    [TestCase("transposed", "not contiguous")]
    public void OddTorchFiles_AreOneClearLine(string kind, string expected)
    {
        var python = Python();
        using var dir = new TempDir();
        var pt = dir.File(kind + ".pt");
        File.WriteAllLines(PyTorchStateDict.VocabularyPath(pt), Enumerable.Range(0, 4).Select(i => $"w{i}"));
        RunPython(python, """
            import sys, torch
            kind, path = sys.argv[1], sys.argv[2]
            w = torch.arange(12, dtype=torch.float32).reshape(4, 3)
            if kind == "legacy":
                torch.save({"w_in.weight": w, "w_out.weight": w}, path, _use_new_zipfile_serialization=False)
            elif kind == "slice":
                big = torch.arange(30, dtype=torch.float32).reshape(10, 3)
                torch.save({"w_in.weight": big[2:6], "w_out.weight": big[6:10]}, path)
            else:
                torch.save({"w_in.weight": w.reshape(3, 4).t(), "w_out.weight": w}, path)
            """, kind, pt);
        var result = CliRunner.Run("similar", "--vectors", pt, "w1");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Out);
        Assert.That(result.Err.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(result.Err, Does.Contain(kind + ".pt").And.Contain(expected));
    }
}
