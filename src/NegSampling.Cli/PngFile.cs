namespace NegSampling.Cli;

/// <summary>Plots written as PNGs through a temporary file beside the target, so a failed write leaves no half
/// image where a good one was.</summary>
public static class PngFile
{
    /// <summary>Draws through <paramref name="save"/> into a temporary file, then moves it to
    /// <paramref name="path"/>; a failed draw leaves neither.</summary>
    public static void Save(string path, int width, int height, Action<string, int, int> save)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!,
            "." + Path.GetFileNameWithoutExtension(path) + ".tmp.png");
        try
        {
            save(temporary, width, height);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
