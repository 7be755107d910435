using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Models.Tests.Vocoder;

/// <summary>A plain Kaldi data dir (wav.scp, utt2spk, text) of harmonic tones: each speaker its own pitch, each word its own glide.</summary>
internal static class TinyWavData
{
    public static string Write(string dir, int speakers = 3, int perSpeaker = 4, double seconds = 0.4)
    {
        Directory.CreateDirectory(dir);
        var wavScp = new List<string>();
        var utt2spk = new List<string>();
        var text = new List<string>();
        for (int s = 0; s < speakers; s++)
            for (int u = 0; u < perSpeaker; u++)
            {
                string spk = $"s{s + 1}", utt = $"{spk}_{u:D2}";
                string path = Path.Combine(dir, "wav", utt + ".wav");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                WavWriter.Write(path, AudioData.Mono(Tone(150 + (60 * s), glide: u % 2 == 0 ? 1.2 : 0.8, seconds), 16000));
                wavScp.Add($"{utt} {path}");
                utt2spk.Add($"{utt} {spk}");
                text.Add($"{utt} {(u % 2 == 0 ? "up" : "down")}");
            }
        File.WriteAllLines(Path.Combine(dir, "wav.scp"), wavScp);
        File.WriteAllLines(Path.Combine(dir, "utt2spk"), utt2spk);
        File.WriteAllLines(Path.Combine(dir, "text"), text);
        File.WriteAllLines(Path.Combine(dir, "spk2utt"), utt2spk.GroupBy(l => l.Split(' ')[1])
            .Select(g => g.Key + " " + string.Join(' ', g.Select(l => l.Split(' ')[0]))));
        return dir;
    }

    /// <summary>A tone whose pitch glides from f0 to f0 · glide, with 6 harmonics and a smooth envelope.</summary>
    public static float[] Tone(double f0, double glide, double seconds)
    {
        int n = (int)(16000 * seconds);
        var x = new float[n];
        double phase = 0;
        for (int i = 0; i < n; i++)
        {
            phase += 2 * Math.PI * f0 * (1 + ((glide - 1) * i / n)) / 16000;
            double env = Math.Sin(Math.PI * i / n), v = 0;
            for (int h = 1; h <= 6; h++) v += Math.Sin(h * phase) / h;
            x[i] = (float)(0.2 * env * v);
        }
        return x;
    }
}
