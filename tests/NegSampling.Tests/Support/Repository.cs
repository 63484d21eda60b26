namespace NegSampling.Tests.Support;

/// <summary>Where the tests find the repository's files and the data, without the CLI's types: the library's
/// tests must not depend on the program.</summary>
public static class Repository
{
    /// <summary>The folder holding NegSampling.sln above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The data directory CI and development use: $NEGSAMPLING_DATA, else ../shared/data beside the
    /// repository.</summary>
    public static string DataDirectory
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("NEGSAMPLING_DATA");
            return Path.GetFullPath(!string.IsNullOrEmpty(fromEnvironment)
                ? fromEnvironment
                : Path.Combine(Root, "..", "shared", "data"));
        }
    }

    /// <summary>A path below the repository root.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "NegSampling.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no NegSampling.sln above {AppContext.BaseDirectory}");
    }
}
