using System.Buffers.Binary;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.IO;

/// <summary>Sample formats <see cref="WavWriter"/> can write.</summary>
public enum WavSampleFormat
{
    /// <summary>16-bit PCM: round(x * 32768), clipped to [-32768, 32767].</summary>
    Pcm16,

    /// <summary>32-bit IEEE float (format tag 3, with a fact chunk), values written as they are.</summary>
    Float32,
}

/// <summary>
/// Writes canonical little-endian WAV files. Input samples are expected in the unit range [-1, 1)
/// (convert int16-scale audio back with <see cref="AudioData.Scaled"/>(1/32768f) first).
/// </summary>
public static class WavWriter
{
    /// <summary>Writes <paramref name="audio"/> to <paramref name="path"/> atomically (temp file, then rename).</summary>
    public static void Write(string path, AudioData audio, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(audio);
        AtomicFile.Write(path, s => Write(s, audio, format));
    }

    /// <summary>Writes <paramref name="audio"/> as a WAV stream (the stream is left open).</summary>
    public static void Write(Stream stream, AudioData audio, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(audio);
        bool isFloat = format == WavSampleFormat.Float32;
        int bytesPerSample = isFloat ? 4 : 2;
        int channels = audio.ChannelCount;
        long dataBytes = (long)audio.FrameCount * channels * bytesPerSample;
        int fmtBytes = isFloat ? 18 : 16;
        int factBytes = isFloat ? 12 : 0;
        long riffSize = 4 + (8 + fmtBytes) + factBytes + 8 + dataBytes;
        if (riffSize > uint.MaxValue)
            throw new ArgumentException($"{audio.SourcePath ?? "audio"}: {dataBytes} bytes of samples do not fit a WAV file (4 GiB limit)", nameof(audio));

        var header = new byte[12 + 8 + fmtBytes + factBytes + 8];
        Span<byte> h = header;
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)riffSize);
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)fmtBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], (ushort)(isFloat ? 3 : 1));
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], (uint)audio.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], (uint)(audio.SampleRate * channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], (ushort)(channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], (ushort)(bytesPerSample * 8));
        int at = 36;
        if (isFloat)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h[at..], 0); // cbSize
            at += 2;
            "fact"u8.CopyTo(h[at..]);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 4)..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 8)..], (uint)audio.FrameCount);
            at += 12;
        }
        "data"u8.CopyTo(h[at..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 4)..], (uint)dataBytes);
        stream.Write(header);

        const int BlockFrames = 8192;
        var buffer = new byte[BlockFrames * channels * bytesPerSample];
        for (int start = 0; start < audio.FrameCount; start += BlockFrames)
        {
            int frames = Math.Min(BlockFrames, audio.FrameCount - start);
            int pos = 0;
            for (int i = start; i < start + frames; i++)
            {
                for (int c = 0; c < channels; c++)
                {
                    float x = audio.Channels[c][i];
                    if (isFloat) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(pos), x);
                    else BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(pos), ToPcm16(x));
                    pos += bytesPerSample;
                }
            }
            stream.Write(buffer, 0, pos);
        }
        // data chunk is always even-sized here (2 or 4 bytes per sample), so no pad byte is needed.
    }

    /// <summary>round(x * 32768) clipped to the int16 range; NaN becomes 0.</summary>
    public static short ToPcm16(float x)
    {
        if (float.IsNaN(x)) return 0;
        double v = Math.Round(x * 32768.0, MidpointRounding.AwayFromZero);
        return (short)Math.Clamp(v, short.MinValue, short.MaxValue);
    }
}
