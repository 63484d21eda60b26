namespace NegSampling.Data;

/// <summary>
/// A file known by name: where it lives under the data directory, where to fetch it, its MD5. The corpora
/// (names a config's corpus key takes) and the evaluation sets the CLI's evaluate command reads by default.
/// </summary>
public sealed record DataFile(string Name, string RelativePath, Uri Source, string Md5, bool IsCorpus)
{
    private const string GensimTestData =
        "https://raw.githubusercontent.com/piskvorky/gensim/develop/gensim/test/test_data/";

    /// <summary>The PTB files the book's dataset/ptb.py downloads, and gensim's copies of the evaluation
    /// sets.</summary>
    public static readonly IReadOnlyList<DataFile> All =
    [
        new("ptb", "ptb/ptb.train.txt",
            new Uri("https://raw.githubusercontent.com/tomsercu/lstm/master/data/ptb.train.txt"),
            "f26c4b92c5fdc7b3f8c7cdcb991d8420", IsCorpus: true),
        new("ptb-test", "ptb/ptb.test.txt",
            new Uri("https://raw.githubusercontent.com/tomsercu/lstm/master/data/ptb.test.txt"),
            "8b80168b89c18661a38ef683c0dc3721", IsCorpus: true),
        new("questions-words", "eval/questions-words.txt",
            new Uri(GensimTestData + "questions-words.txt"),
            "8b7461cbf7ecc0aec9b32eb626821105", IsCorpus: false),
        new("wordsim353", "eval/wordsim353.tsv",
            new Uri(GensimTestData + "wordsim353.tsv"),
            "fa3334003a2c00a47810856c5813a990", IsCorpus: false),
    ];

    /// <summary>Mikolov's analogy questions, the default of evaluate --analogies.</summary>
    public static DataFile Analogies => Find("questions-words")!;

    /// <summary>WordSim-353, the default of evaluate --similarity.</summary>
    public static DataFile WordSim353 => Find("wordsim353")!;

    /// <summary>The known file of that name, or null.</summary>
    public static DataFile? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>The corpus of that name (a config's corpus key), or null.</summary>
    public static DataFile? FindCorpus(string name) => All.FirstOrDefault(c => c.Name == name && c.IsCorpus);

    /// <summary>The environment variable naming the data directory.</summary>
    public const string DataEnvironmentVariable = "NEGSAMPLING_DATA";

    /// <summary>
    /// The data directory, by one rule for the CLI and the library: <paramref name="given"/>, else
    /// $NEGSAMPLING_DATA, else data/ in the repository that holds the program (the folder with NegSampling.sln
    /// above it), else data/ in the current directory.
    /// </summary>
    public static string DataDirectory(string? given = null)
    {
        var chosen = !string.IsNullOrEmpty(given) ? given : Environment.GetEnvironmentVariable(DataEnvironmentVariable);
        return Path.GetFullPath(string.IsNullOrEmpty(chosen) ? Path.Combine(Home(), "data") : chosen);
    }

    /// <summary>The folder holding NegSampling.sln above the program, else the current directory.</summary>
    private static string Home()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NegSampling.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    /// <summary>Where the file is (or goes) under a data directory.</summary>
    public string PathIn(string dataDirectory) => Path.Combine(dataDirectory, RelativePath);

    /// <summary>True when the file at <paramref name="path"/> has this file's MD5.</summary>
    public bool Matches(string path) =>
        string.Equals(DataDownloader.Md5Of(path), Md5, StringComparison.OrdinalIgnoreCase);

    /// <summary>The file's path under the data directory, downloaded first (and its MD5 checked) when
    /// missing.</summary>
    public Task<string> FetchAsync(string dataDirectory, CancellationToken cancel = default) =>
        new DataDownloader().EnsureAsync(this, dataDirectory, cancel: cancel);
}
