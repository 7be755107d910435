using System.Buffers.Binary;
using NAudio.Utils;
using NAudio.Wave;
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
/// Writes little-endian WAV files. Input samples are expected in the unit range [-1, 1) (convert int16-scale audio
/// back with <see cref="AudioData.Scaled"/>(1/32768f) first). The file itself (RIFF header, an 18-byte WAVEFORMATEX
/// fmt chunk, a fact chunk for float, the sizes filled in at the end) is NAudio's <see cref="WaveFileWriter"/>;
/// Kaldi, sox and Python's wave read it. The samples are encoded here, because
/// NAudio's float-to-16-bit conversion scales by 32767 and truncates, so its files would not read back to the values
/// written, while <see cref="ToPcm16"/> is the exact inverse of the reader's s / 32768.
/// </summary>
public static class WavWriter
{
    const int BlockFrames = 8192;

    /// <summary>Writes <paramref name="audio"/> to <paramref name="path"/> atomically (temp file, then rename).</summary>
    public static void Write(string path, AudioData audio, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(audio);
        AtomicFile.Write(path, s => Write(s, audio, format));
    }

    /// <summary>
    /// Writes <paramref name="audio"/> as a WAV stream. The stream must be seekable (the header's sizes are written
    /// last) and is left open.
    /// </summary>
    public static void Write(Stream stream, AudioData audio, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(audio);
        if (!stream.CanSeek)
            throw new ArgumentException("a WAV file is written to a seekable stream: its header's sizes are filled in last", nameof(stream));
        bool isFloat = format == WavSampleFormat.Float32;
        int bytesPerSample = isFloat ? 4 : 2;
        int channels = audio.ChannelCount;
        var waveFormat = isFloat
            ? WaveFormat.CreateIeeeFloatWaveFormat(audio.SampleRate, channels)
            : new WaveFormat(audio.SampleRate, 16, channels);
        long dataBytes = (long)audio.FrameCount * channels * bytesPerSample;
        // Refuse before writing gigabytes: RIFF sizes are 32-bit (NAudio would stop only when the limit is reached).
        long headerBytes = 12 + (8 + 18) + (isFloat ? 12 : 0) + 8;
        if (headerBytes + dataBytes > uint.MaxValue)
            throw new ArgumentException($"{audio.SourcePath ?? "audio"}: {dataBytes} bytes of samples do not fit a WAV file (4 GiB limit)", nameof(audio));

        // NAudio closes the stream it writes to when disposed; the caller owns this one.
        using var writer = new WaveFileWriter(new IgnoreDisposeStream(stream), waveFormat);
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
            writer.Write(buffer, 0, pos);
        }
    }

    /// <summary>round(x * 32768) clipped to the int16 range; NaN becomes 0.</summary>
    public static short ToPcm16(float x)
    {
        if (float.IsNaN(x)) return 0;
        double v = Math.Round(x * 32768.0, MidpointRounding.AwayFromZero);
        return (short)Math.Clamp(v, short.MinValue, short.MaxValue);
    }
}
