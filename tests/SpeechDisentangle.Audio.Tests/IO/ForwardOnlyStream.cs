namespace SpeechDisentangle.Audio.Tests.IO;

/// <summary>Behaves like a pipe: no seeking, no length, short reads.</summary>
internal sealed class ForwardOnlyStream(byte[] bytes) : Stream
{
    int _pos;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, 5), bytes.Length - _pos);
        Array.Copy(bytes, _pos, buffer, offset, n);
        _pos += n;
        return n;
    }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
