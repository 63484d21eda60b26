using System.Text.RegularExpressions;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Library;

/// <summary>The package's public types are the ones README lists, no more and no fewer.</summary>
[TestFixture, Category("Library")]
public sealed partial class PublicApiTests
{
    [GeneratedRegex(@"^\| `(\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [Test]
    public void PublicTypes_AreTheOnesReadmeLists()
    {
        var readme = File.ReadAllText(Repository.File("README.md"));
        var start = readme.IndexOf("### Public types", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "README has a \"### Public types\" section");
        var end = readme.IndexOf("\n#", start + 1, StringComparison.Ordinal);
        var listed = TableRow().Matches(readme[start..end]).Select(m => m.Groups[1].Value).ToHashSet();
        var exported = typeof(Word2Vec).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet();
        Assert.That(exported.Except(listed), Is.Empty, "public types README does not list");
        Assert.That(listed.Except(exported), Is.Empty, "types README lists that are not public");
    }
}
