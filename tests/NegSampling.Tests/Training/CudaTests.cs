using NegSampling.Fast;
using NegSampling.Formats;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;
using Adagrad = NegSampling.Training.Optimizers.Adagrad;
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

    /// <summary>The batched fast step (SGD with row means, or row-wise Adagrad; CBOW and skip-gram) on CUDA against
    /// the same step on the CPU: the loss and both weights after one step.</summary>
    [TestCase(ModelKind.Cbow, false)]
    [TestCase(ModelKind.SkipGram, false)]
    [TestCase(ModelKind.Cbow, true)]
    [TestCase(ModelKind.SkipGram, true)]
    public void BatchedStep_OnCuda_MatchesTheCpu(ModelKind kind, bool adagrad)
    {
        var gen = new Generator(21);
        var wIn = randn(50, 16, generator: gen) * 0.3;
        var wOut = randn(50, 16, generator: gen) * 0.3;
        var contexts = randint(0, 50, [64, 4], generator: gen);
        var mask = rand([64, 4], generator: gen).gt(0.3).to_type(ScalarType.Float32);
        mask.select(1, 0).fill_(1); // every row keeps a context
        var target = randint(0, 50, [64], generator: gen);
        var negatives = randint(0, 50, [64 * 4, 5], generator: gen);
        (double Loss, Tensor WIn, Tensor WOut) Run(Device device)
        {
            using var model = Word2VecModel.Create(kind, wIn.to(device), wOut.to(device), new RecordedNegatives([]));
            using var step = new BatchedStep(model, new FastOptions(Step: StepKind.Batched, RowMean: !adagrad));
            using var optimizer = adagrad ? new Adagrad([("w_in", model.WIn), ("w_out", model.WOut)], 0.1) : null;
            ISparseUpdate update = optimizer is null ? new SparseSgd(0.1) : new RowAdagrad(optimizer, 0.1);
            var drawn = kind == ModelKind.Cbow ? negatives.narrow(0, 0, 64) : negatives.narrow(0, 0,
                (long)mask.sum().item<float>());
            var loss = step.Step(contexts.to(device), mask.to(device), target.to(device), update,
                new RecordedNegatives([drawn.to(device)]));
            return (loss, model.WIn.detach().cpu().clone(), model.WOut.detach().cpu().clone());
        }
        var (cpu, gpu) = (Run(CPU), Run(CUDA));
        Assert.That(gpu.Loss, Is.EqualTo(cpu.Loss).Within(1e-5 * Math.Abs(cpu.Loss)));
        Numeric.AssertClose(gpu.WIn, cpu.WIn, 1e-5, 1e-6, "W_in");
        Numeric.AssertClose(gpu.WOut, cpu.WOut, 1e-5, 1e-6, "W_out");
    }

    /// <summary>The book's layers on CUDA against the CPU: forward values and the hand-written backward's
    /// gradients.</summary>
    [Test]
    public void Layers_ForwardAndBackward_OnCuda_MatchTheCpu()
    {
        var gen = new Generator(12);
        var wIn = randn(40, 16, generator: gen) * 0.3;
        var wOut = randn(40, 16, generator: gen) * 0.3;
        var contexts = randint(0, 40, [32, 4], generator: gen);
        var target = randint(0, 40, [32], generator: gen);
        var negatives = randint(0, 40, [32, 5], generator: gen);
        (Tensor Loss, Tensor GradIn, Tensor GradOut) Run(Device device)
        {
            using var model = Word2VecModel.Create(ModelKind.Cbow, wIn.to(device), wOut.to(device),
                new RecordedNegatives([negatives.to(device)]));
            var loss = model.forward(contexts.to(device), target.to(device));
            loss.backward();
            return (loss.detach().cpu(), model.WIn.grad!.cpu(), model.WOut.grad!.cpu());
        }
        var (cpu, onCuda) = (Run(CPU), Run(CUDA));
        Numeric.AssertClose(onCuda.Loss, cpu.Loss, 1e-5, 1e-6, "loss");
        Numeric.AssertClose(onCuda.GradIn, cpu.GradIn, 1e-4, 1e-6, "dW_in");
        Numeric.AssertClose(onCuda.GradOut, cpu.GradOut, 1e-4, 1e-6, "dW_out");
    }

    /// <summary>The multinomial sampler drawing on the GPU follows unigram^0.75 (chi-square, as on the CPU).</summary>
    [TestCase(SamplerMode.Multinomial)]
    [TestCase(SamplerMode.ExcludeTarget)]
    public void Sampler_OnCuda_FollowsUnigramToThe075(SamplerMode mode)
    {
        double[] counts = [40, 25, 12, 9, 6, 0, 4, 2, 1, 1];
        using var sampler = new UnigramSampler(counts, 0.75, sampleSize: 1, mode, CUDA, seed: 5);
        var draws = sampler.Sample(full(200_000, 5L, ScalarType.Int64, CUDA)).cpu().data<long>().ToArray();
        Assert.That(sampler.Distribution.device_type, Is.EqualTo(DeviceType.CUDA));
        var histogram = new long[counts.Length];
        foreach (var id in draws) histogram[id]++;
        var raised = counts.Select(c => Math.Pow(c, 0.75)).ToArray();
        Assert.That(ChiSquare.PValue(histogram, raised.Select(r => r / raised.Sum()).ToArray()), Is.GreaterThan(1e-6));
    }

    /// <summary>A short training on CUDA (the committed CBOW/Adam scenario, 100 steps) agrees with the CPU and PyTorch
    /// within 1e-4.</summary>
    [Test]
    public void ShortTraining_OnCuda_MatchesCpuWithin1e4()
    {
        var scenario = Scenario.Load(Repository.File("reference", "scenarios", "cbow-adam-float32.json"));
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
