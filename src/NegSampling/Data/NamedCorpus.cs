namespace NegSampling.Data;

/// <summary>A corpus known by name: where it lives under the data directory, where to fetch it, its checksum.</summary>
public sealed record NamedCorpus(string Name, string RelativePath, Uri Source, string Md5)
{
    /// <summary>The PTB files the book's dataset/ptb.py downloads.</summary>
    public static readonly IReadOnlyList<NamedCorpus> All =
    [
        new("ptb", "ptb/ptb.train.txt", new Uri("https://raw.githubusercontent.com/tomsercu/lstm/master/data/ptb.train.txt"), "f26c4b92c5fdc7b3f8c7cdcb991d8420"),
        new("ptb-test", "ptb/ptb.test.txt", new Uri("https://raw.githubusercontent.com/tomsercu/lstm/master/data/ptb.test.txt"), "8b80168b89c18661a38ef683c0dc3721"),
    ];

    public static NamedCorpus? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    public string PathIn(string dataDirectory) => Path.Combine(dataDirectory, RelativePath);
}
