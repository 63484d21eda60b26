using System.Xml.Linq;
using NegSampling.Cli;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

// The GPU verification kit's program (scripts/gpu-check.sh), self-contained so that the GPU machine needs no .NET:
//   gpu-check tests CATEGORY...   the test assembly's tests of these categories, by NUnit's own runner
//   gpu-check cli ARGS...         the negsampling command line
return args switch
{
    ["tests", .. var categories] when categories.Length > 0 => RunTests(categories),
    ["cli", .. var rest] => CliApp.Run(rest, Console.Out, Console.Error),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: gpu-check tests CATEGORY... | gpu-check cli ARGS...");
    return 2;
}

static int RunTests(string[] categories)
{
    var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
    runner.Load(typeof(NegSampling.Tests.Support.TempDir).Assembly, new Dictionary<string, object>());
    var filter = TestFilter.FromXml(new XElement("filter",
        new XElement("or", categories.Select(c => new XElement("cat", c)))).ToString());
    var result = runner.Run(new Listener(Console.Out), filter); // the runner redirects Console while tests run
    Console.WriteLine($"tests: {result.PassCount} passed, {result.FailCount} failed, {result.SkipCount} skipped");
    return result.FailCount == 0 && result.PassCount + result.SkipCount > 0 ? 0 : 1;
}

/// <summary>Prints each test's outcome, and the message of a failure or a skip.</summary>
sealed class Listener(TextWriter output) : ITestListener
{
    public void TestStarted(ITest test) { }

    public void TestFinished(ITestResult result)
    {
        if (result.HasChildren) return;
        var message = string.IsNullOrWhiteSpace(result.Message) ? "" : $": {result.Message.Trim().Split('\n')[0]}";
        output.WriteLine($"  {result.ResultState.Status,-12} {result.FullName}{message}");
    }

    public void TestOutput(TestOutput text) => output.Write(text.Text);

    public void SendMessage(TestMessage message) { }
}
