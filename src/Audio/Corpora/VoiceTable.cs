using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// <c>voices.tsv</c>: one row per drawn voice of a corpus with every parameter behind it, so voices can be chosen by
/// region of the parameter space (e.g. hold out every voice with <c>pitch_base_hz &gt; 200</c>). Tab-separated with
/// a header; columns are listed in <see cref="Columns"/> (fN_freq, fN_strength, fN_width for formants 0..8).
/// The variant files themselves go to <c>espeak-variants/SPEAKER</c>, so a voice can be spoken again with
/// <c>espeak-ng --path</c>.
/// </summary>
public static class VoiceTable
{
    /// <summary>File name of the table in the corpus root.</summary>
    public const string FileName = "voices.tsv";

    /// <summary>Folder of the variant files in the corpus root.</summary>
    public const string VariantFolder = "espeak-variants";

    /// <summary>The column names, in order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "speaker", "index", "seed", "gender", "accent", "pitch_base_hz", "pitch_top_hz", "formant_scale",
        .. Enumerable.Range(0, VoiceParameters.Formants).SelectMany(f => new[] { $"f{f}_freq", $"f{f}_strength", $"f{f}_width" }),
        "breath", "roughness", "flutter", "voicing", "consonants_unvoiced", "consonants_voiced", "tone_1200", "tone_2000",
        "echo_delay_ms", "echo_amplitude", "intonation", "klatt", "rate_wpm", "espeak_voice",
    ];

    /// <summary>Reads a table: one column → value map per voice, in file order; a malformed file is an error naming the line.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new CorpusLayoutException($"voice table '{path}' does not exist (corpora made with --voices have one in their root)");
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new CorpusLayoutException($"{path}: empty, expected a header line");
        var header = lines[0].Split('\t');
        var missing = Columns.Except(header).ToList();
        if (missing.Count > 0) throw new CorpusLayoutException($"{path}:1: the header lacks {string.Join(", ", missing)}");
        var rows = new List<IReadOnlyDictionary<string, string>>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split('\t');
            if (fields.Length != header.Length)
                throw new CorpusLayoutException($"{path}:{i + 1}: {fields.Length} fields, but the header has {header.Length}");
            rows.Add(header.Zip(fields).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
        }
        return rows;
    }

    /// <summary>
    /// Writes the table and the variant files of <paramref name="speakers"/>' drawn voices under <paramref name="root"/>;
    /// does nothing when none is drawn. A table already there with other voices is an error (a resumed run must not
    /// mix two draws), so call this before synthesising.
    /// </summary>
    public static void Write(string root, IEnumerable<(string Id, SynthSpeaker Speaker)> speakers, int seed)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        var drawn = speakers.Where(s => s.Speaker.Drawn is not null).ToList();
        if (drawn.Count == 0) return;
        var s = new StringBuilder(string.Join('\t', Columns)).Append('\n');
        foreach (var (id, speaker) in drawn)
        {
            var v = speaker.Drawn!;
            var row = new List<object> { id, v.Index, seed, v.Gender, v.Accent, v.PitchBaseHz, v.PitchTopHz, v.FormantScale };
            for (int f = 0; f < VoiceParameters.Formants; f++) row.AddRange([v.FormantFrequency[f], v.FormantStrength[f], v.FormantWidth[f]]);
            row.AddRange([v.Breath, v.Roughness, v.Flutter, v.Voicing, v.ConsonantsUnvoiced, v.ConsonantsVoiced, v.Tone1200, v.Tone2000,
                v.EchoDelayMs, v.EchoAmplitude, v.Intonation, v.Klatt, v.RateWpm, v.Spec]);
            s.Append(string.Join('\t', row.Select(x => Convert.ToString(x, CultureInfo.InvariantCulture)))).Append('\n');
        }
        string path = Path.Combine(root, FileName);
        if (File.Exists(path) && File.ReadAllText(path) != s.ToString())
            throw new InvalidOperationException($"{path}: the corpus there was made with other voices (another --voices count or --voice-seed); write to a new --out folder or delete that one");
        foreach (var (id, speaker) in drawn) AtomicFile.WriteAllText(Path.Combine(root, VariantFolder, id), speaker.Drawn!.ToVariantFile());
        AtomicFile.WriteAllText(path, s.ToString());
    }
}
