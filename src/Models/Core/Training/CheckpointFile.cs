using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// The envelope of a checkpoint file: a format tag, the file's length and, at its end, a SHA-256 checksum, so that
/// every load tells a complete file from a truncated or damaged one before it reads a single weight.
/// </summary>
/// <remarks>
/// Layout of format SDTCKPT2: the tag as a .NET length-prefixed string (9 bytes), the file's total length (int64,
/// little-endian), the payload, then the SHA-256 of every byte before it except the length field (the length is
/// written last and checked against the file's size instead).
/// The checksum is a trailer in the same file rather than a sidecar: the file is written under a temporary name and
/// renamed into place, so checksum and content appear together or not at all, while a sidecar would need a second
/// rename and could disagree with its checkpoint after a kill. SHA-256 because .NET has it built in (hardware
/// accelerated), it runs at about disk speed, and no accidental damage can match it.
/// Files of format SDTCKPT1 (written before checkpoints carried a checksum) are refused with a pointer to
/// <see cref="Seal"/>, so nothing is ever loaded unverified without the user having said so once.
/// </remarks>
public static class CheckpointFile
{
    public const string Format = "SDTCKPT2";
    public const string LegacyFormat = "SDTCKPT1";
    const int TagBytes = 9;   // BinaryWriter's one-byte length prefix + 8 ASCII characters
    const int HeaderBytes = TagBytes + sizeof(long);
    const int ChecksumBytes = 32;

    /// <summary>Writes tag, length, <paramref name="payload"/> and checksum atomically.</summary>
    /// <param name="keepPreviousAs">Where an existing file at <paramref name="path"/> goes when the new one replaces it.</param>
    public static void Write(string path, Action<BinaryWriter> payload, string? keepPreviousAs = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        AtomicFile.Write(path, stream =>
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            byte[] tag = Tag(Format);
            sha.AppendData(tag);
            stream.Write(tag);
            stream.Write(new byte[sizeof(long)]);
            using (var hashing = new HashingStream(stream, sha))
            using (var w = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
            {
                payload(w);
            }
            stream.Write(sha.GetHashAndReset());
            long length = stream.Position;
            var lengthBytes = new byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(lengthBytes, length);
            stream.Position = TagBytes;
            stream.Write(lengthBytes);
            stream.Position = length;
        }, keepPreviousAs);
    }

    /// <summary>
    /// Opens a checkpoint after checking its tag, length and checksum; the stream stands at the payload's first byte.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a checkpoint, no checksum (SDTCKPT1), truncated, too long or corrupt; the message names the file.</exception>
    public static FileStream OpenVerified(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint '{path}' does not exist", path);
        var stream = File.OpenRead(path);
        try
        {
            Verify(stream, path);
            stream.Position = HeaderBytes;
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Rewrites a checkpoint of format SDTCKPT1 in format SDTCKPT2 with a checksum of its bytes as they are now: for
    /// old checkpoints the user trusts. The bytes cannot be checked; a damaged old file stays damaged.
    /// </summary>
    public static void Seal(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint '{path}' does not exist", path);
        using var source = File.OpenRead(path);
        string tag = ReadTag(source);
        if (tag == Format) throw new InvalidOperationException($"checkpoint '{path}' already has a checksum (format {Format}); nothing to seal");
        if (tag != LegacyFormat) throw NotACheckpoint(path);
        Write(path, w => source.CopyTo(w.BaseStream));
    }

    static void Verify(FileStream stream, string path)
    {
        string tag = ReadTag(stream);
        if (tag == LegacyFormat)
            throw new InvalidDataException($"checkpoint '{path}' has no checksum (format {LegacyFormat}, written before sdt verified checkpoints), " +
                                           $"so it cannot be verified; if you trust it, add one with `sdt checkpoint seal {path}`");
        if (tag != Format) throw NotACheckpoint(path);
        long size = stream.Length;
        if (size < HeaderBytes) throw new InvalidDataException($"checkpoint '{path}' is truncated: it has {size} bytes, less than its header");
        var lengthBytes = new byte[sizeof(long)];
        stream.ReadExactly(lengthBytes);
        long declared = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (declared < HeaderBytes + ChecksumBytes)
            throw new InvalidDataException($"checkpoint '{path}' is damaged: its header gives an impossible length ({declared} bytes)");
        if (size < declared) throw new InvalidDataException($"checkpoint '{path}' is truncated: it has {size} of its {declared} bytes");
        if (size > declared) throw new InvalidDataException($"checkpoint '{path}' is damaged: it has {size - declared} bytes more than the {declared} its header gives");
        if (!ChecksumMatches(stream, declared))
            throw new InvalidDataException($"checkpoint '{path}' is corrupt: its SHA-256 checksum does not match its content (the file changed after it was written)");
    }

    static bool ChecksumMatches(FileStream stream, long length)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Tag(Format));
        stream.Position = HeaderBytes;
        var buffer = new byte[1 << 20];
        long left = length - ChecksumBytes - HeaderBytes;
        while (left > 0)
        {
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0) return false;
            sha.AppendData(buffer, 0, n);
            left -= n;
        }
        var stored = new byte[ChecksumBytes];
        stream.ReadExactly(stored);
        return CryptographicOperations.FixedTimeEquals(sha.GetHashAndReset(), stored);
    }

    /// <summary>The length-prefixed tag at byte 0, or "" when there is none.</summary>
    static string ReadTag(Stream stream)
    {
        var bytes = new byte[TagBytes];
        if (stream.ReadAtLeast(bytes, TagBytes, throwOnEndOfStream: false) < TagBytes || bytes[0] != TagBytes - 1) return "";
        return Encoding.ASCII.GetString(bytes, 1, TagBytes - 1);
    }

    static byte[] Tag(string format) => [(byte)format.Length, .. Encoding.ASCII.GetBytes(format)];

    static InvalidDataException NotACheckpoint(string path) =>
        new($"'{path}' is not a SpeechDisentangle checkpoint (bad magic at byte 0)");

    /// <summary>Passes writes on to a stream and into a running hash; leaves the stream open.</summary>
    sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
            _written += buffer.Length;
        }

        public override void WriteByte(byte value) => Write([value]);
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
