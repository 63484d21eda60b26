using NegSampling.Layers;
using NegSampling.Losses;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Losses;

[TestFixture, Category("Layers")]
public sealed class LossTests
{
    [Test]
    public void SigmoidWithLoss_MatchesHandComputedValue()
    {
        // -log sigmoid(2) - log(1 - sigmoid(-1)) for one row, written out with Math, not with the code under test.
        using var loss = new SigmoidWithLoss();
        var value = loss.forward(tensor(new double[] { 2, -1 }).reshape(1, 2),
            tensor(new double[] { 1, 0 }).reshape(1, 2)).item<double>();
        var expected = -Math.Log(1 / (1 + Math.Exp(-2))) - Math.Log(1 - 1 / (1 + Math.Exp(1)));
        Assert.That(value, Is.EqualTo(expected).Within(1e-12));
    }

    [TestCase(ScalarType.Float64, 1e-12)]
    [TestCase(ScalarType.Float32, 1e-5)]
    public void SigmoidWithLoss_HandWrittenMatchesAutogradAndNumeric(ScalarType dtype, double rtol)
    {
        var gen = new Generator(3);
        var xManual = (randn(8, 6, dtype, generator: gen) * 4).requires_grad_();
        var xAuto = xManual.detach().clone().requires_grad_();
        var t = randint(0, 2, [8, 6], generator: gen).to_type(dtype);
        using var manual = new SigmoidWithLoss(GradientMode.Manual);
        using var auto = new SigmoidWithLoss(GradientMode.Autograd);
        var lManual = manual.forward(xManual, t);
        var lAuto = auto.forward(xAuto, t);
        lManual.backward();
        lAuto.backward();
        Numeric.AssertClose(lManual, lAuto, rtol, what: "loss");
        Numeric.AssertClose(xManual.grad!, xAuto.grad!, rtol, rtol, "dx");
        if (dtype == ScalarType.Float64)
        {
            var numeric = Numeric.Gradient(() =>
            {
                using var _ = no_grad();
                return manual.forward(xManual, t).item<double>();
            }, xManual);
            Numeric.AssertClose(xManual.grad!, numeric, 1e-6, 1e-9, "dx numeric");
        }
    }

    [TestCase(ScalarType.Float64, 1e-12)]
    [TestCase(ScalarType.Float32, 1e-5)]
    public void NegativeSamplingLoss_MatchesBookFormulaAndAutograd(ScalarType dtype, double rtol)
    {
        var gen = new Generator(7);
        var w = randn(9, 4, dtype, generator: gen);
        var h = randn(3, 4, dtype, generator: gen);
        var target = tensor(new long[] { 2, 5, 2 });
        var negatives = tensor(new long[] { 0, 1, 8, 3, 3, 7 }).reshape(3, 2);
        using var manual = new NegativeSamplingLoss(w, new RecordedNegatives([]), GradientMode.Manual);
        using var auto = new NegativeSamplingLoss(w, new RecordedNegatives([]), GradientMode.Autograd);
        var hManual = h.clone().requires_grad_();
        var hAuto = h.clone().requires_grad_();
        var lManual = manual.forward(hManual, target, negatives);
        var lAuto = auto.forward(hAuto, target, negatives);
        lManual.backward();
        lAuto.backward();

        // The book's formula, row by row in plain C#.
        var wValues = Numeric.ToDoubles(w);
        var hValues = Numeric.ToDoubles(h);
        double Dot(int row, long id) => Enumerable.Range(0, 4).Sum(j => wValues[id * 4 + j] * hValues[row * 4 + j]);
        double LogSigmoid(double x) => -Math.Log(1 + Math.Exp(-x));
        var expected = 0.0;
        for (var row = 0; row < 3; row++)
        {
            expected -= LogSigmoid(Dot(row, target[row].item<long>()));
            for (var k = 0; k < 2; k++) expected -= LogSigmoid(-Dot(row, negatives[row, k].item<long>()));
        }
        expected /= 3;
        Assert.That(Numeric.ToDoubles(lManual)[0], Is.EqualTo(expected).Within(rtol * Math.Abs(expected) * 10));
        Numeric.AssertClose(lManual, lAuto, rtol, what: "loss");
        Numeric.AssertClose(manual.W.grad!, auto.W.grad!, rtol, rtol, "dW_out");
        Numeric.AssertClose(hManual.grad!, hAuto.grad!, rtol, rtol, "dh");
        if (dtype == ScalarType.Float64)
        {
            double Objective()
            {
                using var _ = no_grad();
                return manual.forward(hManual, target, negatives).item<double>();
            }
            Numeric.AssertClose(manual.W.grad!, Numeric.Gradient(Objective, manual.W), 1e-6, 1e-9, "dW_out numeric");
            Numeric.AssertClose(hManual.grad!, Numeric.Gradient(Objective, hManual), 1e-6, 1e-9, "dh numeric");
        }
    }
}
