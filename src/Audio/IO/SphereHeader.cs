using System.Globalization;
using System.Text;

namespace SpeechDisentangle.Audio.IO;

/// <summary>
/// A parsed NIST SPHERE header (TIMIT, WSJ, Switchboard): "NIST_1A", the header size (normally 1024), then
/// "name -type value" lines up to "end_head". Only uncompressed PCM is accepted.
/// </summary>
public sealed record SphereHeader(int HeaderBytes, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>sample_rate.</summary>
    public int SampleRate => GetInt("sample_rate") ?? 0;

    /// <summary>channel_count (1 when absent).</summary>
    public int Channels => GetInt("channel_count") ?? 1;

    /// <summary>sample_n_bytes (2 when absent).</summary>
    public int BytesPerSample => GetInt("sample_n_bytes") ?? 2;

    /// <summary>sample_count: frames per channel, if stated.</summary>
    public long? SampleCount => Fields.TryGetValue("sample_count", out string? v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null;

    /// <summary>sample_byte_format ("01" little-endian, "10" big-endian), if stated.</summary>
    public string? ByteFormat => Fields.GetValueOrDefault("sample_byte_format");

    /// <summary>sample_coding ("pcm" when absent).</summary>
    public string Coding => Fields.GetValueOrDefault("sample_coding") ?? "pcm";

    int? GetInt(string name) =>
        Fields.TryGetValue(name, out string? v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : null;

    /// <summary>Reads and parses the header, leaving <paramref name="stream"/> at the first sample.</summary>
    internal static SphereHeader Read(Stream stream, string path)
    {
        // The first 16 bytes are "NIST_1A\n" and the header size right-aligned in 7 characters plus "\n".
        var first = new byte[16];
        int got = StreamHelpers.ReadUpTo(stream, first);
        if (got < 16 || Encoding.ASCII.GetString(first, 0, 8) != "NIST_1A\n")
            throw new AudioFormatException(path, $"not a NIST SPHERE file or truncated header ({got} bytes read)", 0);
        string sizeText = Encoding.ASCII.GetString(first, 8, 8).Trim();
        if (!int.TryParse(sizeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int headerBytes) || headerBytes < 16 || headerBytes > 1 << 20)
            throw new AudioFormatException(path, $"SPHERE header size \"{sizeText}\" is not a valid number of bytes", 8);
        var rest = new byte[headerBytes - 16];
        got = StreamHelpers.ReadUpTo(stream, rest);
        if (got < rest.Length)
            throw new AudioFormatException(path, $"truncated SPHERE header: {16 + got} of {headerBytes} bytes", 16 + got);

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string text = Encoding.ASCII.GetString(rest);
        bool ended = false;
        int lineNo = 2;
        long lineOffset = 16;
        foreach (string raw in text.Split('\n'))
        {
            lineNo++;
            long offset = lineOffset;
            lineOffset += raw.Length + 1;
            string line = raw.TrimEnd('\r', '\0', ' ');
            if (line.Length == 0) continue;
            if (line == "end_head")
            {
                ended = true;
                break;
            }
            ParseField(line, fields, path, lineNo, offset);
        }
        if (!ended) throw new AudioFormatException(path, "SPHERE header has no end_head line", 0);
        return new SphereHeader(headerBytes, fields);
    }

    static void ParseField(string line, Dictionary<string, string> fields, string path, int lineNo, long offset)
    {
        string[] parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || parts[1].Length < 2 || parts[1][0] != '-')
            throw new AudioFormatException(path, $"SPHERE header line {lineNo} \"{line}\" is not \"name -type value\"", offset);
        string value = parts[2];
        if (parts[1][1] == 's' && int.TryParse(parts[1].AsSpan(2), NumberStyles.Integer, CultureInfo.InvariantCulture, out int len) && len >= 0 && len <= value.Length)
            value = value[..len]; // -sN: a string of exactly N characters
        fields[parts[0]] = value;
    }
}
