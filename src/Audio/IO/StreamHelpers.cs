namespace SpeechDisentangle.Audio.IO;

/// <summary>Forward-only stream helpers that also work on pipes (no Seek, no Length).</summary>
internal static class StreamHelpers
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    public static int ReadUpTo(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>Skips <paramref name="count"/> bytes; returns how many could be skipped before the end.</summary>
    public static long Skip(Stream stream, long count)
    {
        if (stream.CanSeek)
        {
            long left = Math.Max(0, stream.Length - stream.Position);
            long step = Math.Min(count, left);
            stream.Seek(step, SeekOrigin.Current);
            return step;
        }
        Span<byte> scratch = stackalloc byte[4096];
        long skipped = 0;
        while (skipped < count)
        {
            int n = stream.Read(scratch[..(int)Math.Min(scratch.Length, count - skipped)]);
            if (n == 0) break;
            skipped += n;
        }
        return skipped;
    }

    /// <summary>Bytes as text for error messages, with non-printable bytes escaped.</summary>
    public static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new System.Text.StringBuilder();
        foreach (byte b in bytes)
        {
            if (b is >= 0x20 and < 0x7F) sb.Append((char)b);
            else sb.Append("\\x").Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
