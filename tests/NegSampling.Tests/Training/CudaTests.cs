using NegSampling.Formats;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;
using Adam = NegSampling.Training.Optimizers.Adam;

namespace NegSampling.Tests.Training;

/// <summary>Training on CUDA: skipped, with the reason, where torch.cuda.is_available() is false.</summary>
[TestFixture, Category("Cuda")]
public sealed class CudaTests
{
    [SetUp]
    public void RequireCuda()
    {
        if (!cuda.is_available()) Assert.Ignore("CUDA not available: torch.cuda.is_available() is false");
    }

    /// <summary>A short training on CUDA (the committed CBOW/Adam scenario, 100 steps) agrees with the CPU and PyTorch within 1e-4.</summary>
    [Test]
    public void ShortTraining_OnCuda_MatchesCpuWithin1e4()
    {
        var scenario = Scenario.Load(Path.Combine(NegSampling.Cli.CliContext.RepositoryRoot(), "reference", "scenarios", "cbow-adam-float32.json"));
        var batches = scenario.Batches.ToList();
        Tensor Train(Device device)
        {
            using var model = Word2VecModel.Create(ModelKind.Cbow, scenario.WIn.to(device), scenario.WOut.to(device),
                new RecordedNegatives(batches.Select(b => b.Negatives.to(device))));
            using var adam = new Adam([("W_in", model.WIn), ("W_out", model.WOut)], 0.01);
            foreach (var (contexts, target, _) in batches)
            {
                using var scope = NewDisposeScope();
                var loss = model.forward(contexts.to(device), target.to(device));
                adam.ZeroGrad();
                loss.backward();
                adam.Step(0);
            }
            return model.WIn.detach().cpu().clone();
        }
        var onCuda = Train(CUDA);
        Numeric.AssertClose(onCuda, Train(CPU), 0, 1e-4, "W_in, CUDA vs CPU");
        Numeric.AssertClose(onCuda, scenario.ExpectedArray("final_W_in"), 0, 1e-4, "W_in, CUDA vs PyTorch");
    }

    [TestCase(TrainingMode.Faithful)]
    [TestCase(TrainingMode.Fast)]
    public void Trainer_OnCuda_KeepsEverythingOnTheDevice(TrainingMode mode)
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        config.Device = "cuda";
        config.Mode = mode;
        if (mode == TrainingMode.Fast) config.Optimizer = OptimizerKind.Sgd;
        using var trainer = new Trainer(config, TrainingData.Load(config, "unused"));
        trainer.Run();
        Assert.That(trainer.Model.WIn.device_type, Is.EqualTo(DeviceType.CUDA));
        Assert.That(((UnigramSampler)trainer.Sampler).Distribution.device_type, Is.EqualTo(DeviceType.CUDA));
        Assert.That(trainer.Optimizer.State.Select(s => s.Tensor.device_type), Has.All.EqualTo(DeviceType.CUDA));
        Assert.That(trainer.History[^1].Loss, Is.LessThan(trainer.History[0].Loss));
        using var checkpoint = Checkpoint.Load(Checkpoint.Resolve(config.OutputDir!));
        Assert.That(checkpoint.Tensors["W_in"].device_type, Is.EqualTo(DeviceType.CPU), "checkpoints hold CPU tensors");
    }
}
