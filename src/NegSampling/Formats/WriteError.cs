namespace NegSampling.Formats;

/// <summary>What a failed write means to the user, for the errors a user can fix by choosing another folder: a full
/// disk (or quota), a read-only file system or a folder they may not write. .NET's IOException carries Linux's errno
/// as its HResult.</summary>
internal static class WriteError
{
    private const int NoSpace = 28; // ENOSPC
    private const int ReadOnlyFileSystem = 30; // EROFS
    private const int QuotaExceeded = 122; // EDQUOT

    /// <summary>"the disk is full" (or the quota), "the folder is read-only", or null for any other error.</summary>
    public static string? Reason(Exception e) => e switch
    {
        IOException { HResult: NoSpace or QuotaExceeded } => "the disk is full",
        UnauthorizedAccessException or IOException { HResult: ReadOnlyFileSystem } => "the folder is read-only",
        _ => null,
    };
}
