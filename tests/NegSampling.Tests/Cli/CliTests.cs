using NegSampling.Tests.Support;
using NUnit.Framework;
using TorchSharp;

namespace NegSampling.Tests.Cli;

[TestFixture, Category("Cli")]
public sealed class CliTests
{
    [Test]
    public void UnknownCommand_OneLineErrorUsageAndExit2()
    {
        var result = CliRunner.Run("frobnicate");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        var lines = result.Err.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.StartWith("error: ").And.Contain("frobnicate"));
        Assert.That(lines[1], Does.StartWith("usage: negsampling"));
    }

    [Test]
    public void UnknownOption_OneLineErrorUsageAndExit2()
    {
        var result = CliRunner.Run("info", "--frobnicate");
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Err, Does.StartWith("error: ").And.Contain("--frobnicate").And.Contain("usage: "));
    }

    [Test]
    public void Info_PrintsVersionsCudaAndDataDirectory()
    {
        var dir = Path.GetTempPath();
        var result = CliRunner.Run("info", "--data-dir", dir);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.Contain("TorchSharp:      0.107.0").And.Contain("libtorch:        2.10.0"));
        Assert.That(result.Out, Does.Contain($"CUDA available:  {(torch.cuda.is_available() ? "yes" : "no")}"));
        Assert.That(result.Out, Does.Contain(Path.GetFullPath(dir)));
    }

    [Test]
    public void DataDirectory_ComesFromEnvironmentWhenNoOption()
    {
        var previous = Environment.GetEnvironmentVariable("NEGSAMPLING_DATA");
        try
        {
            Environment.SetEnvironmentVariable("NEGSAMPLING_DATA", "/tmp/somewhere-else");
            Assert.That(CliRunner.Run("info").Out, Does.Contain("data directory:  /tmp/somewhere-else"));
        }
        finally { Environment.SetEnvironmentVariable("NEGSAMPLING_DATA", previous); }
    }

    [Test]
    public void Demo_ReproducesTheSeedNotebooksPrintedCells()
    {
        var result = CliRunner.Run("demo");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        // Strings as the seed notebook printed them.
        Assert.That(result.Out, Does.Contain("target_W*h:\n [[ 0  1  4]\n [27 40 55]\n [18 28 40]]"));
        Assert.That(result.Out, Does.Contain("out:\n [  5 122  86]"));
        Assert.That(result.Out, Does.Contain("[0.76528558 0.39518322 0.03162278]"));
        Assert.That(result.Out, Does.Contain("[0.64196878 0.33150408 0.02652714]"));
    }
}
