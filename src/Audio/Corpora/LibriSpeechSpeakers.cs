using System.Globalization;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>One row of LibriSpeech's SPEAKERS.TXT.</summary>
/// <param name="Sex">"M" or "F".</param>
public sealed record LibriSpeechSpeaker(string Id, string Sex, string Subset, double Minutes, string Name);

/// <summary>
/// Reads LibriSpeech's <c>SPEAKERS.TXT</c>: lines <c>ID | SEX | SUBSET | MINUTES | NAME</c>, comments starting with ';'.
/// The name is everything after the fourth bar (one reader's name itself contains bars).
/// </summary>
public static class LibriSpeechSpeakers
{
    public static IReadOnlyDictionary<string, LibriSpeechSpeaker> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new CorpusLayoutException($"LibriSpeech speaker list '{path}' does not exist");
        var speakers = new Dictionary<string, LibriSpeechSpeaker>(StringComparer.Ordinal);
        int lineNo = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNo++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == ';') continue;
            string[] f = line.Split('|', 5);
            if (f.Length != 5)
                throw new CorpusLayoutException($"{path}:{lineNo}: expected 'ID | SEX | SUBSET | MINUTES | NAME', got '{line}'");
            string id = f[0].Trim(), sex = f[1].Trim().ToUpperInvariant();
            if (id.Length == 0 || !id.All(char.IsAsciiDigit))
                throw new CorpusLayoutException($"{path}:{lineNo}: speaker id '{id}' is not a number");
            if (sex is not ("M" or "F"))
                throw new CorpusLayoutException($"{path}:{lineNo}: sex of speaker {id} is '{f[1].Trim()}', expected M or F");
            if (!double.TryParse(f[3].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double minutes))
                throw new CorpusLayoutException($"{path}:{lineNo}: minutes of speaker {id} is '{f[3].Trim()}', not a number");
            if (!speakers.TryAdd(id, new LibriSpeechSpeaker(id, sex, f[2].Trim(), minutes, f[4].Trim())))
                throw new CorpusLayoutException($"{path}:{lineNo}: speaker {id} is listed twice");
        }
        return speakers;
    }
}
