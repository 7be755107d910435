using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>Writes NIST SPHERE files as TIMIT ships them: a 1024-byte text header, then 16-bit little-endian PCM, mono.</summary>
public static class SphereWriter
{
    const int HeaderBytes = 1024;

    /// <summary>Writes <paramref name="samples"/> (in [-1, 1]) at <paramref name="sampleRate"/> Hz, atomically.</summary>
    public static void Write(string path, float[] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        string header = string.Create(CultureInfo.InvariantCulture,
            $"NIST_1A\n   1024\nsample_count -i {samples.Length}\nsample_rate -i {sampleRate}\nchannel_count -i 1\nsample_n_bytes -i 2\nsample_byte_format -s2 01\nsample_coding -s3 pcm\nsample_sig_bits -i 16\nend_head\n");
        var bytes = new byte[HeaderBytes + (2L * samples.Length)];
        Array.Fill(bytes, (byte)' ', 0, HeaderBytes);
        Encoding.ASCII.GetBytes(header, 0, header.Length, bytes, 0);
        for (int i = 0; i < samples.Length; i++)
        {
            short s = WavWriter.ToPcm16(samples[i]);
            bytes[HeaderBytes + (2 * i)] = (byte)s;
            bytes[HeaderBytes + (2 * i) + 1] = (byte)(s >> 8);
        }
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
