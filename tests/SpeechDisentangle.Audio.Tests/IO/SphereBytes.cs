using System.Text;

namespace SpeechDisentangle.Audio.Tests.IO;

/// <summary>Builds NIST SPHERE files with a 1024-byte header.</summary>
public static class SphereBytes
{
    public static byte[] File(string fields, byte[] samples)
    {
        string header = "NIST_1A\n   1024\n" + fields + "end_head\n";
        var bytes = new byte[1024 + samples.Length];
        Encoding.ASCII.GetBytes(header).CopyTo(bytes, 0);
        for (int i = header.Length; i < 1024; i++) bytes[i] = (byte)' ';
        samples.CopyTo(bytes, 1024);
        return bytes;
    }
}
