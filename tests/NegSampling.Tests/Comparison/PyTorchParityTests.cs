using NegSampling.Layers;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NegSampling.Training.Optimizers;
using NUnit.Framework;
using static TorchSharp.torch;
using Adam = NegSampling.Training.Optimizers.Adam;
using Parameter = TorchSharp.Modules.Parameter;

namespace NegSampling.Tests.Comparison;

/// <summary>
/// Our modules against the PyTorch reference (reference/word2vec_reference.py) on the same inputs and the
/// same negatives: forward loss, every gradient of step 1, and the weights after 100 Adam or SGD steps.
/// Tolerances: 1e-5 (float32) and 1e-10 (float64), absolute plus relative.
/// The reference runs in the set-up (fresh numbers; CI requires it); the committed copy in
/// reference/scenarios serves machines without Python, and must agree with the fresh output.
/// </summary>
[TestFixture, Category("PyTorchParity")]
public sealed class PyTorchParityTests
{
    private static readonly string Committed = Repository.File("reference", "scenarios");
    private string scenarioDirectory = Committed;
    private string? python;
    private TempDir? fresh;

    public static IEnumerable<string> ScenarioNames() =>
        Directory.GetFiles(Committed, "*.json").Select(Path.GetFileNameWithoutExtension).Order()!;

    private static double Tolerance(ScalarType dtype) => dtype == ScalarType.Float64 ? 1e-10 : 1e-5;

    [OneTimeSetUp]
    public void RunTheReference()
    {
        python = FindPython();
        if (python is null) return;
        fresh = new TempDir();
        ReferencePython.RunScript(python, "word2vec_reference.py", "scenarios", "--out", fresh.Path);
        scenarioDirectory = fresh.Path;
    }

    [OneTimeTearDown]
    public void CleanUp() => fresh?.Dispose();

    /// <summary>The reference Python, or null on a developer machine without it (CI must have it).</summary>
    private static string? FindPython()
    {
        try { return ReferencePython.Require("torch", "numpy"); }
        catch (IgnoreException) { return null; }
    }

    [TestCaseSource(nameof(ScenarioNames))]
    public void CommittedCopy_MatchesFreshReferenceOutput(string name)
    {
        if (python is null) Assert.Ignore("no Python with torch: only the committed copy is used");
        var committed = Scenario.Load(Path.Combine(Committed, name + ".json"));
        var current = Scenario.Load(Path.Combine(scenarioDirectory, name + ".json"));
        TestContext.Progress.WriteLine($"{name}: reference run with torch {current.TorchVersion} (committed copy " +
            $"from torch {committed.TorchVersion})");
        Assert.That(current.InputsJson(), Is.EqualTo(committed.InputsJson()),
            "the reference's inputs changed: regenerate reference/scenarios");
        var tol = Tolerance(current.DType);
        Assert.That(current.ExpectedLosses, Is.EqualTo(committed.ExpectedLosses).Within(tol), "losses");
        foreach (var key in new[] { "grad_W_in", "grad_W_out", "final_W_in", "final_W_out" })
            Numeric.AssertClose(current.ExpectedArray(key), committed.ExpectedArray(key), tol, tol, key);
    }

    [TestCaseSource(nameof(ScenarioNames))]
    public void OurModules_MatchPyTorch(string name)
    {
        var scenario = Scenario.Load(Path.Combine(scenarioDirectory, name + ".json"));
        var tol = Tolerance(scenario.DType);
        var batches = scenario.Batches.ToList();
        using var model = Word2VecModel.Create(scenario.Model, scenario.WIn, scenario.WOut,
            new RecordedNegatives(batches.Select(b => b.Negatives)), GradientMode.Manual);
        using var optimizer = CreateOptimizer(scenario, [("W_in", model.WIn), ("W_out", model.WOut)]);
        var expectedLosses = scenario.ExpectedLosses;
        Assert.That(batches, Has.Count.EqualTo(expectedLosses.Length));

        for (var step = 0; step < batches.Count; step++)
        {
            using var scope = NewDisposeScope();
            var (contexts, target, _) = batches[step];
            var loss = model.forward(contexts, target);
            Assert.That(loss.to_type(ScalarType.Float64).item<double>(),
                Is.EqualTo(expectedLosses[step]).Within(tol * (1
                    + Math.Abs(expectedLosses[step]))), $"loss at step {step + 1}");
            optimizer.ZeroGrad();
            loss.backward();
            if (step == 0)
            {
                Numeric.AssertClose(model.WIn.grad!, scenario.ExpectedArray("grad_W_in"), tol, tol, "dW_in at step 1");
                Numeric.AssertClose(model.WOut.grad!, scenario.ExpectedArray("grad_W_out"), tol, tol,
                    "dW_out at step 1");
            }
            optimizer.Step((double)step / batches.Count);
        }
        Numeric.AssertClose(model.WIn, scenario.ExpectedArray("final_W_in"), tol, tol,
            $"W_in after {batches.Count} steps");
        Numeric.AssertClose(model.WOut, scenario.ExpectedArray("final_W_out"), tol, tol,
            $"W_out after {batches.Count} steps");
    }

    [Test]
    public void PtbOneEpochCbowAdam_MatchesPyTorchTo1e4()
    {
        if (python is null) Assert.Ignore("no Python with torch: the PTB comparison needs the reference");
        var data = Repository.DataDirectory;
        if (!File.Exists(Path.Combine(data, "ptb", "ptb.train.txt"))) Assert.Ignore($"PTB is not in {data}");
        var path = Path.Combine(fresh!.Path, "ptb.json");
        ReferencePython.RunScript(python, "word2vec_reference.py", "ptb", "--data", data, "--out", path, "--tokens",
            "20000");
        var scenario = Scenario.Load(path);
        var batches = scenario.Batches.ToList();
        using var model = Word2VecModel.Create(ModelKind.Cbow, scenario.WIn, scenario.WOut,
            new RecordedNegatives(batches.Select(b => b.Negatives)));
        using var optimizer = CreateOptimizer(scenario, [("W_in", model.WIn), ("W_out", model.WOut)]);
        double last = 0;
        for (var step = 0; step < batches.Count; step++)
        {
            using var scope = NewDisposeScope();
            var loss = model.forward(batches[step].Contexts, batches[step].Target);
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step((double)step / batches.Count);
            last = loss.item<float>();
        }
        Assert.That(last, Is.EqualTo(scenario.ExpectedLosses[^1]).Within(1e-4), "final loss");
        Numeric.AssertClose(model.WIn, scenario.ExpectedArray("final_W_in"), 0, 1e-4, "W_in after one epoch");
        Numeric.AssertClose(model.WOut, scenario.ExpectedArray("final_W_out"), 0, 1e-4, "W_out after one epoch");
    }

    private static Optimizer CreateOptimizer(Scenario scenario, IReadOnlyList<(string, Parameter)> parameters)
    {
        var spec = scenario.Optimizer;
        var lr = spec["lr"]!.GetValue<double>();
        if (spec["name"]!.GetValue<string>() == "sgd") return new Sgd(parameters, lr, linearDecay: false);
        var betas = spec["betas"]!.AsArray();
        return new Adam(parameters, lr, betas[0]!.GetValue<double>(), betas[1]!.GetValue<double>(),
            spec["eps"]!.GetValue<double>());
    }
}
