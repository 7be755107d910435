using System.Buffers.Binary;
using System.Text;

namespace SpeechDisentangle.Cli.Tests.Demo;

/// <summary>Reads a canonical WAV header by hand (independent of the product's reader): rate, channels, duration.</summary>
internal static class WavHeader
{
    public static (int SampleRate, int Channels, double Seconds) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || Encoding.ASCII.GetString(bytes, 0, 4) != "RIFF" || Encoding.ASCII.GetString(bytes, 8, 4) != "WAVE")
            throw new InvalidDataException($"{path}: not a RIFF/WAVE file");
        int rate = 0, channels = 0, blockAlign = 0;
        for (int pos = 12; pos + 8 <= bytes.Length;)
        {
            string id = Encoding.ASCII.GetString(bytes, pos, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(pos + 10));
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 12));
                blockAlign = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(pos + 20));
            }
            else if (id == "data")
            {
                if (blockAlign == 0) throw new InvalidDataException($"{path}: data chunk before fmt chunk");
                if (pos + 8 + size > bytes.Length) throw new InvalidDataException($"{path}: data chunk runs past the end of the file");
                return (rate, channels, (double)size / blockAlign / rate);
            }
            pos += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{path}: no data chunk");
    }
}
