using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Data;

/// <summary>
/// A validated Kaldi data directory: wav.scp, utt2spk, spk2utt, and optionally text, segments and feats.scp.
/// Other files (utt2lang, utt2dur, reco2file_and_channel, ...) are ignored.
/// </summary>
/// <remarks>
/// Unsorted keys are an error by default because Kaldi's tools (utils/filter_scp.pl, split_data.sh, the C++
/// table readers with ",s" options) rely on "LC_ALL=C sort" order; pass <c>requireSorted: false</c> to
/// <see cref="Load"/> to downgrade that to a warning. Keys are compared by ordinal (byte) order, as C-locale sort does.
/// </remarks>
public sealed class KaldiDataDir
{
    /// <summary>The directory this was loaded from, or "&lt;memory&gt;" when built in code.</summary>
    public string Directory { get; }

    /// <summary>wav.scp: recording id (utterance id when there are no segments) → path, or a command ending in '|'.</summary>
    public IReadOnlyDictionary<string, string> WavScp { get; }

    /// <summary>utt2spk: utterance id → speaker id.</summary>
    public IReadOnlyDictionary<string, string> Utt2Spk { get; }

    /// <summary>spk2utt derived from utt2spk: speaker id → utterance ids in sorted order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Spk2Utt { get; }

    /// <summary>text: utterance id → transcript (may hold fewer utterances than utt2spk).</summary>
    public IReadOnlyDictionary<string, string> Text { get; }

    /// <summary>segments: utterance id → cut of a recording; empty when the directory has no segments file.</summary>
    public IReadOnlyDictionary<string, KaldiSegment> Segments { get; }

    /// <summary>feats.scp: utterance id → rxspecifier such as "/abs/feats.ark:123"; empty when absent.</summary>
    public IReadOnlyDictionary<string, string> FeatsScp { get; }

    /// <summary>Utterance ids in sorted (ordinal) order.</summary>
    public IReadOnlyList<string> Utterances { get; }

    /// <summary>Non-fatal findings (missing transcripts, speaker order, unsorted keys when allowed).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when utterances are cut from recordings through a segments file.</summary>
    public bool HasSegments => Segments.Count > 0;

    internal KaldiDataDir(string directory, Dictionary<string, string> wavScp, Dictionary<string, string> utt2spk,
        Dictionary<string, string> text, Dictionary<string, KaldiSegment> segments, Dictionary<string, string> featsScp,
        IReadOnlyList<string> warnings)
    {
        Directory = directory;
        WavScp = wavScp;
        Utt2Spk = utt2spk;
        Text = text;
        Segments = segments;
        FeatsScp = featsScp;
        Warnings = warnings;
        Utterances = [.. utt2spk.Keys.Order(StringComparer.Ordinal)];
        Spk2Utt = Utterances.GroupBy(u => utt2spk[u], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g], StringComparer.Ordinal);
    }

    /// <summary>True when a wav.scp value is a command whose standard output is the audio (it ends in '|').</summary>
    public static bool IsPipe(string wavEntry)
    {
        ArgumentNullException.ThrowIfNull(wavEntry);
        return wavEntry.TrimEnd().EndsWith('|');
    }

    /// <summary>Reads and validates the data directory; throws <see cref="DataDirException"/> listing every problem.</summary>
    public static KaldiDataDir Load(string directory, bool requireSorted = true)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!System.IO.Directory.Exists(directory))
            throw new DataDirException($"data directory '{directory}' does not exist");
        var formatErrors = new List<string>();
        var tables = new Dictionary<string, IReadOnlyList<TableLine>>();
        foreach (string name in new[] { KaldiFileNames.WavScp, KaldiFileNames.Utt2Spk, KaldiFileNames.Spk2Utt,
                     KaldiFileNames.Text, KaldiFileNames.Segments, KaldiFileNames.FeatsScp })
        {
            string path = Path.Combine(directory, name);
            if (File.Exists(path)) tables[name] = KaldiTableFile.Read(path, formatErrors);
        }
        return new DataDirValidator(directory, requireSorted, formatErrors).Validate(tables);
    }

    /// <summary>
    /// Builds a data directory in code (for recipes) and validates it as if it had been written to disk; the line
    /// numbers in errors are those the files would have after <see cref="Save"/>. spk2utt is derived from utt2spk.
    /// </summary>
    public static KaldiDataDir Create(IReadOnlyDictionary<string, string> wavScp, IReadOnlyDictionary<string, string> utt2spk,
        IReadOnlyDictionary<string, string>? text = null, IReadOnlyDictionary<string, KaldiSegment>? segments = null,
        IReadOnlyDictionary<string, string>? featsScp = null)
    {
        ArgumentNullException.ThrowIfNull(wavScp);
        ArgumentNullException.ThrowIfNull(utt2spk);
        const string where = "<memory>";
        var tables = new Dictionary<string, IReadOnlyList<TableLine>>
        {
            [KaldiFileNames.Utt2Spk] = Lines(where, KaldiFileNames.Utt2Spk, utt2spk),
            [KaldiFileNames.Spk2Utt] = Lines(where, KaldiFileNames.Spk2Utt, DeriveSpk2Utt(utt2spk)),
        };
        // A features-only directory has no wav.scp at all.
        if (wavScp.Count > 0 || featsScp is null) tables[KaldiFileNames.WavScp] = Lines(where, KaldiFileNames.WavScp, wavScp);
        if (text is not null) tables[KaldiFileNames.Text] = Lines(where, KaldiFileNames.Text, text);
        if (segments is not null)
            tables[KaldiFileNames.Segments] = Lines(where, KaldiFileNames.Segments,
                segments.ToDictionary(kv => kv.Key, kv => FormatSegment(kv.Value), StringComparer.Ordinal));
        if (featsScp is not null) tables[KaldiFileNames.FeatsScp] = Lines(where, KaldiFileNames.FeatsScp, featsScp);
        return new DataDirValidator(where, requireSorted: true, []).Validate(tables);
    }

    /// <summary>Writes every file of this data directory, sorted, each atomically (temp file then rename).</summary>
    public void Save(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        System.IO.Directory.CreateDirectory(directory);
        Write(directory, KaldiFileNames.WavScp, WavScp, always: FeatsScp.Count == 0);
        Write(directory, KaldiFileNames.Utt2Spk, Utt2Spk, always: true);
        Write(directory, KaldiFileNames.Spk2Utt,
            Spk2Utt.ToDictionary(kv => kv.Key, kv => string.Join(' ', kv.Value), StringComparer.Ordinal), always: true);
        Write(directory, KaldiFileNames.Text, Text, always: false);
        Write(directory, KaldiFileNames.Segments,
            Segments.ToDictionary(kv => kv.Key, kv => FormatSegment(kv.Value), StringComparer.Ordinal), always: false);
        Write(directory, KaldiFileNames.FeatsScp, FeatsScp, always: false);
    }

    static void Write(string directory, string name, IReadOnlyDictionary<string, string> map, bool always)
    {
        if (map.Count == 0 && !always) return;
        var sb = new StringBuilder();
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append(key).Append(value.Length > 0 ? " " + value : "").Append('\n');
        AtomicFile.WriteAllText(Path.Combine(directory, name), sb.ToString());
    }

    static Dictionary<string, string> DeriveSpk2Utt(IReadOnlyDictionary<string, string> utt2spk) =>
        utt2spk.GroupBy(kv => kv.Value, StringComparer.Ordinal).ToDictionary(
            g => g.Key, g => string.Join(' ', g.Select(kv => kv.Key).Order(StringComparer.Ordinal)), StringComparer.Ordinal);

    static string FormatSegment(KaldiSegment s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Recording} {s.Start} {s.End}");

    // In-memory maps become the lines Save would write, so errors carry the line numbers of the would-be files.
    static List<TableLine> Lines(string where, string name, IReadOnlyDictionary<string, string> map)
    {
        var lines = new List<TableLine>(map.Count);
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (key.Length == 0 || key.Any(char.IsWhiteSpace))
                throw new DataDirException($"{where}/{name}: key '{key}' is empty or contains whitespace");
            if (value.Contains('\n', StringComparison.Ordinal))
                throw new DataDirException($"{where}/{name}: value for '{key}' contains a line break");
            lines.Add(new TableLine(where + "/" + name, lines.Count + 1, key, value.Trim()));
        }
        return lines;
    }
}
