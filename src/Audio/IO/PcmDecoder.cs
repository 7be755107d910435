using System.Buffers.Binary;

namespace SpeechDisentangle.Audio.IO;

/// <summary>Converts raw sample bytes to unit-range floats (int16 s -> s / 32768, and alike for other widths).</summary>
internal static class PcmDecoder
{
    /// <summary>
    /// Decodes <paramref name="src"/> (whole samples) into <paramref name="dst"/>. 8-bit data is unsigned when
    /// <paramref name="unsigned8"/> (WAV) and signed otherwise (SPHERE).
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> src, Span<float> dst, WavSampleEncoding encoding, int bytesPerSample,
        bool bigEndian, bool unsigned8 = true)
    {
        int n = src.Length / bytesPerSample;
        if (encoding == WavSampleEncoding.IeeeFloat)
        {
            DecodeFloat(src, dst, bytesPerSample, bigEndian, n);
            return;
        }
        switch (bytesPerSample)
        {
            case 1:
                for (int i = 0; i < n; i++) dst[i] = unsigned8 ? (src[i] - 128) / 128f : (sbyte)src[i] / 128f;
                break;
            case 2:
                for (int i = 0; i < n; i++)
                {
                    var s = src.Slice(2 * i, 2);
                    dst[i] = (bigEndian ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s)) / 32768f;
                }
                break;
            case 3:
                for (int i = 0; i < n; i++)
                {
                    int j = 3 * i;
                    int v = bigEndian
                        ? (src[j] << 24) | (src[j + 1] << 16) | (src[j + 2] << 8)
                        : (src[j + 2] << 24) | (src[j + 1] << 16) | (src[j] << 8);
                    // v holds the 24-bit sample in its top bytes, so the sign comes for free.
                    dst[i] = (v >> 8) / 8388608f;
                }
                break;
            case 4:
                for (int i = 0; i < n; i++)
                {
                    var s = src.Slice(4 * i, 4);
                    int v = bigEndian ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s);
                    dst[i] = (float)(v / 2147483648.0);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(bytesPerSample), $"unsupported PCM sample width {bytesPerSample}");
        }
    }

    static void DecodeFloat(ReadOnlySpan<byte> src, Span<float> dst, int bytesPerSample, bool bigEndian, int n)
    {
        if (bytesPerSample == 4)
        {
            for (int i = 0; i < n; i++)
            {
                var s = src.Slice(4 * i, 4);
                dst[i] = bigEndian ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s);
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                var s = src.Slice(8 * i, 8);
                dst[i] = (float)(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s));
            }
        }
    }
}
