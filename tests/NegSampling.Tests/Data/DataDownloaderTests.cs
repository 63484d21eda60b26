using System.Net;
using NegSampling.Data;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Data;

[TestFixture, Category("Training")]
public sealed class DataDownloaderTests
{
    private const string Content = "hello\n";
    private const string ContentMd5 = "b1946ac92492d2347c6235b4d2611184"; // md5sum of "hello\n"

    /// <summary>Serves one body on a loopback port until disposed.</summary>
    private sealed class LocalServer : IDisposable
    {
        private readonly HttpListener listener = new();

        public LocalServer(string body, HttpStatusCode status = HttpStatusCode.OK)
        {
            var port = 40000 + Random.Shared.Next(20000);
            Prefix = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Add(Prefix);
            listener.Start();
            _ = Task.Run(async () =>
            {
                while (listener.IsListening)
                {
                    HttpListenerContext context;
                    try { context = await listener.GetContextAsync(); } catch { return; }
                    context.Response.StatusCode = (int)status;
                    var bytes = System.Text.Encoding.ASCII.GetBytes(body);
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            });
        }

        public string Prefix { get; }

        public void Dispose() => listener.Close();
    }

    [Test]
    public async Task DownloadsFromHttp_VerifiesMd5_StoresUnderTheDataDirectory()
    {
        using var server = new LocalServer(Content);
        using var dir = new TempDir();
        var corpus = new DataFile("tiny", "tiny/tiny.txt", new Uri(server.Prefix + "tiny.txt"), ContentMd5,
            IsCorpus: true);
        var path = await new DataDownloader().EnsureAsync(corpus, dir.Path);
        Assert.That(path, Is.EqualTo(Path.Combine(dir.Path, "tiny", "tiny.txt")));
        Assert.That(File.ReadAllText(path), Is.EqualTo(Content));
    }

    [Test]
    public async Task DownloadsFromFileUrl()
    {
        using var dir = new TempDir();
        var source = dir.File("source.txt", Content);
        var corpus = new DataFile("tiny", "data/tiny.txt", new Uri(source), ContentMd5, IsCorpus: true);
        Assert.That(File.ReadAllText(await new DataDownloader().EnsureAsync(corpus, dir.Path)), Is.EqualTo(Content));
    }

    [Test]
    public void WrongMd5_IsAnErrorAndLeavesNoFile()
    {
        using var server = new LocalServer("tampered\n");
        using var dir = new TempDir();
        var corpus = new DataFile("tiny", "tiny/tiny.txt", new Uri(server.Prefix), ContentMd5, IsCorpus: true);
        var error = Assert.ThrowsAsync<InvalidDataException>(() => new DataDownloader().EnsureAsync(corpus, dir.Path))!;
        Assert.That(error.Message, Does.Contain("MD5").And.Contain(ContentMd5));
        Assert.That(Directory.GetFiles(Path.Combine(dir.Path, "tiny")), Is.Empty);
    }

    [Test]
    public void HttpError_IsAClearError()
    {
        using var server = new LocalServer("", HttpStatusCode.NotFound);
        using var dir = new TempDir();
        var corpus = new DataFile("tiny", "tiny/tiny.txt", new Uri(server.Prefix), ContentMd5, IsCorpus: true);
        var error = Assert.ThrowsAsync<IOException>(() => new DataDownloader().EnsureAsync(corpus, dir.Path))!;
        Assert.That(error.Message, Does.Contain("HTTP 404"));
    }

    [Test]
    public void PtbIsKnownByName_WithTheBooksChecksum()
    {
        var ptb = DataFile.Find("ptb")!;
        Assert.That(ptb.Md5, Is.EqualTo("f26c4b92c5fdc7b3f8c7cdcb991d8420"));
        var shared = Path.Combine(Repository.DataDirectory, ptb.RelativePath);
        if (File.Exists(shared)) Assert.That(DataDownloader.Md5Of(shared), Is.EqualTo(ptb.Md5));
    }

    /// <summary>Each known file's checksum is that of the copy in the data directory (shared/data's README gives
    /// PTB's).</summary>
    [TestCase("ptb")]
    [TestCase("ptb-test")]
    [TestCase("questions-words")]
    [TestCase("wordsim353")]
    public void KnownFiles_ChecksumsMatchTheSharedCopies(string name)
    {
        var file = DataFile.Find(name)!;
        var shared = Path.Combine(Repository.DataDirectory, file.RelativePath);
        if (!File.Exists(shared)) Assert.Ignore($"{shared} is not here");
        Assert.That(DataDownloader.Md5Of(shared), Is.EqualTo(file.Md5));
    }
}
