using NegSampling.Runtime;
using NUnit.Framework;

// Runs once before any test: a missing native runtime is one clear line, not a trace in every test.
[SetUpFixture]
public sealed class TorchSetUp
{
    [OneTimeSetUp]
    public void CheckNativeRuntime()
    {
        var problem = NativeRuntime.FindProblem();
        if (problem is not null) Assert.Fail($"{problem}; run scripts/setup.sh");
    }
}
