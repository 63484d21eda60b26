using NegSampling.Runtime;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Runtime;

[TestFixture, Category("Runtime")]
public sealed class RuntimeTests
{
    [Test]
    public void NativeCheck_NamesTheMissingSymbol()
    {
        var dir = Directory.CreateTempSubdirectory("negsampling-native-");
        try
        {
            var old = Path.Combine(dir.FullName, "old-libstdc++.so.6");
            File.WriteAllBytes(old, System.Text.Encoding.ASCII.GetBytes("\0GLIBCXX_3.4.30\0GLIBCXX_3.4.31\0"));
            var fresh = Path.Combine(dir.FullName, "new-libstdc++.so.6");
            File.WriteAllBytes(fresh,
                System.Text.Encoding.ASCII.GetBytes("\0GLIBCXX_3.4.31\0GLIBCXX_3.4.32\0GLIBCXX_3.4.33\0"));
            Assert.That(NativeRuntime.FindProblem(old), Does.Contain("GLIBCXX_3.4.32").And.Contain(old));
            Assert.That(NativeRuntime.FindProblem(fresh), Is.Null);
        }
        finally { dir.Delete(true); }
    }

    [Test, Category("Cuda")]
    public void Cuda_TensorRoundTrips()
    {
        if (!cuda.is_available()) Assert.Ignore("CUDA not available: torch.cuda.is_available() is false");
        using var t = tensor(new float[] { 1, 2, 3 }).cuda();
        Assert.That((t * 2).cpu().data<float>().ToArray(), Is.EqualTo(new float[] { 2, 4, 6 }));
    }
}
