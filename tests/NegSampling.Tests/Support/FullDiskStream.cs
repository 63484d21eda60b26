namespace NegSampling.Tests.Support;

/// <summary>
/// A write-only stream that passes its first <c>bytes</c> bytes to the stream it wraps and sends the rest to
/// /dev/full, whose writes fail with the kernel's own ENOSPC: a disk that fills part way through a file.
/// </summary>
public sealed class FullDiskStream(Stream inner, long bytes) : Stream
{
    private readonly FileStream full = new("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 0);
    private long left = bytes;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var passed = (int)Math.Min(left, buffer.Length);
        inner.Write(buffer[..passed]);
        left -= passed;
        if (passed < buffer.Length) full.Write(buffer[passed..]);
    }

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing) full.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
