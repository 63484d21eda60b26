using System.Security.Cryptography;

namespace NegSampling.Data;

/// <summary>
/// Fetches a known data file into the data directory when it is missing, like torchvision's download=True:
/// http(s) or file URL, MD5 verified before the file is moved into place, so a bad download never lands.
/// </summary>
internal sealed class DataDownloader(HttpClient? http = null)
{
    private readonly HttpClient http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>
    /// The file's path under dataDirectory, downloaded from <paramref name="source"/> (default: its own) when missing.
    /// </summary>
    public async Task<string> EnsureAsync(DataFile corpus, string dataDirectory, Uri? source = null,
        CancellationToken cancel = default)
    {
        var target = corpus.PathIn(dataDirectory);
        if (File.Exists(target)) return target;
        source ??= corpus.Source;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".download";
        try
        {
            await using (var output = File.Create(partial)) await CopyAsync(corpus, source, output, cancel);
            var md5 = Md5Of(partial);
            if (!string.Equals(md5, corpus.Md5, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException(
                    $"download of {corpus.Name} from {source}: MD5 {md5}, expected {corpus.Md5}");
            File.Move(partial, target);
            return target;
        }
        catch (HttpRequestException e)
        {
            throw new IOException($"download of {corpus.Name} from {source} failed: {e.Message}", e);
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    /// <summary>The bytes at a file or http(s) URL, into <paramref name="output"/>.</summary>
    private async Task CopyAsync(DataFile corpus, Uri source, Stream output, CancellationToken cancel)
    {
        if (source.IsFile)
        {
            await using var input = File.OpenRead(source.LocalPath);
            await input.CopyToAsync(output, cancel);
            return;
        }
        using var response = await http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, cancel);
        if (!response.IsSuccessStatusCode)
            throw new IOException($"download of {corpus.Name} from {source} failed: " +
                                  $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        await response.Content.CopyToAsync(output, cancel);
    }

    /// <summary>The MD5 of a file, lower-case hex.</summary>
    public static string Md5Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }
}
