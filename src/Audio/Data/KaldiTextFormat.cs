using System.Globalization;
using System.Text;

namespace SpeechDisentangle.Audio.Data;

/// <summary>
/// Kaldi's text object encoding: a matrix is "[\n  1 2 \n  3 4 ]", a vector "[ 1 2 3 ]" (numbers on the line of
/// the opening bracket). Reads floats including Kaldi's "inf", "-inf" and "nan".
/// </summary>
internal static class KaldiTextFormat
{
    /// <summary>Reads one text object from the stream, positioned before the optional spaces and '['.</summary>
    public static KaldiMatrix ReadObject(Stream stream, string file)
    {
        long start = stream.Position;
        int b;
        do b = stream.ReadByte(); while (b is ' ' or '\t');
        if (b != '[')
            throw new InvalidDataException($"{file}: offset {start}: expected a binary object (\\0B) or a text object ('['), "
                + $"found {Describe(b)}");

        var rows = new List<List<float>>();
        var row = new List<float>();
        var token = new StringBuilder();
        bool newlineSeen = false, firstValueOnBracketLine = false;
        while (true)
        {
            b = stream.ReadByte();
            if (b < 0) throw new InvalidDataException($"{file}: offset {start}: file ends before the closing ']'");
            if (b is ' ' or '\t' or '\r' or '\n' or ']')
            {
                if (token.Length > 0)
                {
                    if (rows.Count == 0 && row.Count == 0 && !newlineSeen) firstValueOnBracketLine = true;
                    row.Add(ParseNumber(token.ToString(), file, stream.Position - 1 - token.Length));
                    token.Clear();
                }
                if (b is '\n' or ']')
                {
                    if (b == '\n') newlineSeen = true;
                    if (row.Count > 0)
                    {
                        rows.Add(row);
                        row = [];
                    }
                    if (b == ']') break;
                }
            }
            else token.Append((char)b);
        }
        SkipRestOfLine(stream, file);

        int cols = rows.Count == 0 ? 0 : rows[0].Count;
        for (int r = 1; r < rows.Count; r++)
            if (rows[r].Count != cols)
                throw new InvalidDataException($"{file}: offset {start}: text matrix row {r + 1} has {rows[r].Count} values, "
                    + $"row 1 has {cols}");
        bool isVector = firstValueOnBracketLine && rows.Count == 1;
        return new KaldiMatrix(rows.Count, cols, [.. rows.SelectMany(r => r)], isVector);
    }

    static void SkipRestOfLine(Stream stream, string file)
    {
        long at = stream.Position;
        int b;
        while ((b = stream.ReadByte()) is ' ' or '\t' or '\r') { }
        if (b is not ('\n' or -1))
            throw new InvalidDataException($"{file}: offset {at}: unexpected {Describe(b)} after ']'");
    }

    static float ParseNumber(string text, string file, long at)
    {
        switch (text.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity": return float.PositiveInfinity;
            case "-inf" or "-infinity": return float.NegativeInfinity;
            case "nan" or "-nan": return float.NaN;
        }
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v)) return v;
        throw new InvalidDataException($"{file}: offset {at}: '{text}' is not a number");
    }

    static string Describe(int b) => b < 0 ? "end of file" : b is >= 0x21 and < 0x7f ? $"'{(char)b}'" : $"byte 0x{b:x2}";
}
