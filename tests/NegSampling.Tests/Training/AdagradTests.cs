using NegSampling.Training.Optimizers;
using NUnit.Framework;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace NegSampling.Tests.Training;

/// <summary>
/// Row-wise Adagrad's dense step (the faithful mode's) against the rule worked by hand in doubles: a row's
/// accumulator starts at 0.1 and adds the mean square of the row's gradient, the row moves by
/// rate * g / (sqrt(accumulator) + 1e-10), the rate decays linearly with progress, and rows with zero gradients keep
/// their accumulators and values.
/// </summary>
[TestFixture, Category("Layers")]
public sealed class AdagradTests
{
    [Test]
    public void Step_IsRowwiseAdagrad_WorkedByHand()
    {
        const double rate = 0.5;
        double[,] start = { { 0.3, -0.2, 0.1 }, { 1.0, 0.5, -0.5 }, { -0.4, 0.0, 0.2 } };
        double[][,] gradients =
        [
            new double[,] { { 0.2, -0.1, 0.4 }, { 0, 0, 0 }, { -0.3, 0.6, 0.05 } },
            new double[,] { { 1.5, 0.2, -0.7 }, { 0.1, -0.2, 0.3 }, { 0, 0, 0 } },
        ];
        double[] progress = [0, 0.25];

        var expected = (double[,])start.Clone();
        double[] sums = [0.1, 0.1, 0.1];
        for (var s = 0; s < gradients.Length; s++)
        {
            var stepRate = rate * (1 - progress[s]);
            for (var r = 0; r < 3; r++)
            {
                var g = Enumerable.Range(0, 3).Select(c => gradients[s][r, c]).ToArray();
                sums[r] += g.Sum(x => x * x) / 3;
                for (var c = 0; c < 3; c++) expected[r, c] -= stepRate * g[c] / (Math.Sqrt(sums[r]) + 1e-10);
            }
        }

        using var w = new Parameter(tensor(start, ScalarType.Float64));
        using var adagrad = new Adagrad([("w", w)], rate);
        for (var s = 0; s < gradients.Length; s++)
        {
            w.grad = tensor(gradients[s], ScalarType.Float64);
            adagrad.Step(progress[s]);
        }
        Assert.That(adagrad.Sums(w).data<double>().ToArray(), Is.EqualTo(sums).Within(1e-12), "accumulators");
        var got = w.detach().data<double>().ToArray();
        Assert.That(got, Is.EqualTo(expected.Cast<double>().ToArray()).Within(1e-12), "values");
        Assert.That(adagrad.State.Select(t => t.Name), Is.EqualTo(new[] { "w.sum" }), "what a checkpoint holds");
    }
}
