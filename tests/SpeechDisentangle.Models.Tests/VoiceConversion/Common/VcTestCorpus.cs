using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Common;

/// <summary>
/// Writes a tiny feature data dir (feats.ark/scp, utt2spk, text): each speaker says two "words" several times.
/// A word is a bump sweeping up or down the mel axis over time; a speaker adds its own spectral tilt. Values
/// are on the raw log-mel scale (around −10 ± 4, like slaney features).
/// </summary>
internal static class VcTestCorpus
{
    public const int Bins = 16;
    public static readonly string[] Words = ["up", "down"];

    public static string Write(string dir, int speakers = 4, int repeats = 5, int seed = 0)
    {
        Directory.CreateDirectory(dir);
        var random = new Random(seed);
        var entries = new List<KeyValuePair<string, KaldiMatrix>>();
        var utt2spk = new List<string>();
        var text = new List<string>();
        for (int s = 0; s < speakers; s++)
        {
            double tilt = -1.5 + (3.0 * s / Math.Max(1, speakers - 1));
            for (int w = 0; w < Words.Length; w++)
                for (int r = 0; r < repeats; r++)
                {
                    string spk = $"s{s + 1}", utt = $"{spk}_{w}{r}";
                    int frames = 20 + random.Next(6);
                    var m = new float[frames, Bins];
                    for (int t = 0; t < frames; t++)
                    {
                        double pos = (double)t / (frames - 1);
                        double centre = (w == 0 ? pos : 1 - pos) * (Bins - 1);
                        for (int b = 0; b < Bins; b++)
                        {
                            double axis = (2.0 * b / (Bins - 1)) - 1;
                            double bump = 2.5 * Math.Exp(-0.5 * Math.Pow((b - centre) / 1.5, 2));
                            m[t, b] = (float)(-10 + (4 * (bump + (tilt * axis) - 0.5)) + (0.1 * random.NextDouble()));
                        }
                    }
                    entries.Add(new(utt, KaldiMatrix.FromArray(m)));
                    utt2spk.Add($"{utt} {spk}");
                    text.Add($"{utt} {Words[w]}");
                }
        }
        KaldiArk.Write(Path.Combine(dir, "feats.ark"), entries, Path.Combine(dir, "feats.scp"));
        File.WriteAllLines(Path.Combine(dir, "utt2spk"), utt2spk);
        File.WriteAllLines(Path.Combine(dir, "text"), text);
        File.WriteAllLines(Path.Combine(dir, "spk2utt"), utt2spk.GroupBy(l => l.Split(' ')[1])
            .Select(g => g.Key + " " + string.Join(' ', g.Select(l => l.Split(' ')[0]))));
        return dir;
    }
}
