using System.Buffers.Binary;
using NAudio.Wave;

namespace SpeechDisentangle.Audio.IO;

/// <summary>How WAV sample values are coded.</summary>
public enum WavSampleEncoding
{
    /// <summary>Integer PCM (8-bit unsigned, 16/24/32-bit signed).</summary>
    Pcm,

    /// <summary>IEEE float, 32 or 64 bits.</summary>
    IeeeFloat,
}

/// <summary>The decoded contents of a WAV "fmt " chunk, after resolving WAVE_FORMAT_EXTENSIBLE.</summary>
public sealed record WavFormat(
    WavSampleEncoding Encoding, int Channels, int SampleRate, int BitsPerSample, int BlockAlign, bool BigEndian)
{
    /// <summary>Bytes per sample in one channel.</summary>
    public int BytesPerSample => BitsPerSample / 8;

    const ushort TagPcm = 1, TagFloat = 3, TagExtensible = 0xFFFE;

    // KSDATAFORMAT_SUBTYPE_* GUIDs share this tail after their 2-byte format tag (+2 zero bytes).
    static ReadOnlySpan<byte> GuidTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Parses a fmt chunk body; <paramref name="offset"/> is its file offset for error messages.</summary>
    internal static WavFormat Parse(ReadOnlySpan<byte> fmt, bool bigEndian, string path, long offset)
    {
        if (fmt.Length < 16)
            throw new AudioFormatException(path, $"fmt chunk is {fmt.Length} bytes; at least 16 are needed", offset);
        ushort tag = U16(fmt, 0, bigEndian);
        int channels = U16(fmt, 2, bigEndian);
        long rate = U32(fmt, 4, bigEndian);
        int blockAlign = U16(fmt, 12, bigEndian);
        int bits = U16(fmt, 14, bigEndian);

        ushort effectiveTag = tag;
        if (tag == TagExtensible)
        {
            if (fmt.Length < 40)
            {
                throw new AudioFormatException(path,
                    $"WAVE_FORMAT_EXTENSIBLE fmt chunk is {fmt.Length} bytes; 40 are needed", offset);
            }
            ReadOnlySpan<byte> guid = fmt.Slice(24, 16);
            // The GUID's first field is stored little-endian in RIFF; big-endian in RIFX.
            effectiveTag = U16(guid, 0, bigEndian);
            bool knownTail = guid[2] == 0 && guid[3] == 0 && guid[4..].SequenceEqual(GuidTail[2..]);
            if (!knownTail)
            {
                throw new AudioFormatException(path,
                    $"unsupported WAVE_FORMAT_EXTENSIBLE subformat GUID {new Guid(guid)}", offset);
            }
        }

        if (effectiveTag != TagPcm && effectiveTag != TagFloat)
        {
            string what = tag == TagExtensible ? "WAVE_FORMAT_EXTENSIBLE subformat" : "format tag";
            throw new AudioFormatException(path,
                $"unsupported WAV codec: {what} 0x{effectiveTag:X4} ({DescribeTag(effectiveTag)}); " +
                "only PCM (1), IEEE float (3) and WAVE_FORMAT_EXTENSIBLE with those subformats are supported", offset);
        }
        var encoding = effectiveTag == TagPcm ? WavSampleEncoding.Pcm : WavSampleEncoding.IeeeFloat;
        if (channels < 1) throw new AudioFormatException(path, "fmt chunk says 0 channels", offset);
        if (rate < 1 || rate > int.MaxValue)
            throw new AudioFormatException(path, $"fmt chunk has an invalid sample rate {rate}", offset);
        bool bitsOk = encoding == WavSampleEncoding.Pcm ? bits is 8 or 16 or 24 or 32 : bits is 32 or 64;
        if (!bitsOk)
        {
            throw new AudioFormatException(path,
                $"unsupported {(encoding == WavSampleEncoding.Pcm ? "PCM" : "IEEE float")} sample size of {bits} bits " +
                $"(supported: {(encoding == WavSampleEncoding.Pcm ? "8, 16, 24, 32" : "32, 64")})", offset);
        }
        int expectedAlign = channels * bits / 8;
        if (blockAlign != expectedAlign)
        {
            throw new AudioFormatException(path,
                $"fmt chunk block align is {blockAlign} but {channels} channel(s) of {bits} bits need {expectedAlign}", offset);
        }
        return new WavFormat(encoding, channels, (int)rate, bits, blockAlign, bigEndian);
    }

    /// <summary>A readable codec name for a format tag, using NAudio's table of registered tags.</summary>
    static string DescribeTag(ushort tag)
    {
        var encoding = (WaveFormatEncoding)tag;
        return Enum.IsDefined(encoding) ? encoding.ToString() : "unknown codec";
    }

    static ushort U16(ReadOnlySpan<byte> b, int at, bool be) =>
        be ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

    static uint U32(ReadOnlySpan<byte> b, int at, bool be) =>
        be ? BinaryPrimitives.ReadUInt32BigEndian(b[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
}
