using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Models.VoiceConversion.Data;

/// <summary>
/// The training speakers of a VC experiment in model-id order, saved as EXP/speakers.txt (one name a line, line
/// i = id i) so `sdt convert --target-speaker NAME` maps names to the ids the model was trained with.
/// </summary>
public static class VcSpeakerMap
{
    public const string FileName = "speakers.txt";

    public static void Save(string experimentDir, IReadOnlyList<string> speakers) =>
        AtomicFile.WriteAllText(Path.Combine(experimentDir, FileName), string.Join("\n", speakers) + "\n");

    public static IReadOnlyList<string> Load(string experimentDir)
    {
        string path = Path.Combine(experimentDir, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' is missing: it is written when training finishes", path);
        return [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0)];
    }

    /// <summary>The id of <paramref name="speaker"/>: a name from the map, or a number in range.</summary>
    public static int Resolve(IReadOnlyList<string> speakers, string speaker, string mapPath)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        int i = speakers.ToList().IndexOf(speaker);
        if (i >= 0) return i;
        if (int.TryParse(speaker, out int id) && id >= 0 && id < speakers.Count) return id;
        throw new ArgumentException($"target speaker '{speaker}' is not in {mapPath} ({string.Join(", ", speakers)})");
    }
}
