using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData;

/// <summary>
/// A feature data dir made in the test: each word lights up its own bin in the middle frames, each speaker adds
/// its own wave, plus noise; written as a Kaldi ark (feats.scp) with per-speaker cmvn.scp from the data,
/// or as .npy files (npy.scp).
/// </summary>
internal sealed class SyntheticFeatureDir : IDisposable
{
    public const int Bins = 6;
    public static readonly string[] Words = ["one", "two", "three"];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sdt-sitdata-" + Guid.NewGuid().ToString("N"));
    public string Dir => Path.Combine(Root, "feats");

    /// <summary>The features as written (before CMVN), by utterance.</summary>
    public Dictionary<string, KaldiMatrix> Feats { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Utt2Spk { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Text { get; } = new(StringComparer.Ordinal);

    public SyntheticFeatureDir(int speakers = 5, int repeats = 6, bool npy = false, int minFrames = 16, int seed = 1)
    {
        var random = new Random(seed);
        for (int s = 0; s < speakers; s++)
        {
            int n = 0;
            for (int w = 0; w < Words.Length; w++)
                for (int r = 0; r < repeats; r++)
                    Add($"spk{s}_{n++:000}", $"spk{s}", Words[w], Make(random, minFrames + random.Next(5), [w], s));
            Add($"spk{s}_{n:000}", $"spk{s}", "one two three", Make(random, minFrames + 10, [0, 1, 2], s));
        }
        Directory.CreateDirectory(Dir);
        Dictionary<string, string> scp;
        if (npy)
        {
            scp = Feats.ToDictionary(kv => kv.Key, kv =>
            {
                string path = Path.Combine(Root, "npy", kv.Key + ".npy");
                NpyFile.Write(path, kv.Value.Data, kv.Value.Rows, kv.Value.Cols);
                return path;
            });
            // The data dir writer knows feats.scp; an npy feature dir has the same lines under the name npy.scp.
            KaldiDataDir.Create(new Dictionary<string, string>(), Utt2Spk, Text, featsScp: scp).Save(Dir);
            File.Move(Path.Combine(Dir, "feats.scp"), Path.Combine(Dir, "npy.scp"));
        }
        else
        {
            var entries = KaldiArk.Write(Path.Combine(Dir, "data", "feats.ark"), Feats.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            KaldiDataDir.Create(new Dictionary<string, string>(), Utt2Spk, Text, featsScp: entries.ToDictionary(e => e.Key, e => e.RxSpecifier)).Save(Dir);
        }
        File.WriteAllLines(Path.Combine(Dir, "utt2num_frames"), Feats.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value.Rows}"));
        var stats = Cmvn.AccumulatePerSpeaker(Feats.Select(kv => (Utt2Spk[kv.Key], kv.Value.Data)), Bins);
        KaldiArk.Write(Path.Combine(Dir, "data", "cmvn.ark"),
            stats.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new KeyValuePair<string, KaldiMatrix>(kv.Key, ToMatrix(kv.Value))),
            Path.Combine(Dir, "cmvn.scp"));
    }

    void Add(string utt, string spk, string text, KaldiMatrix feats)
    {
        Utt2Spk[utt] = spk;
        Text[utt] = text;
        Feats[utt] = feats;
    }

    // Patterns vary over time so they survive mean normalisation: a word raises its bin in the middle of its
    // segment, a speaker adds a wave of its own frequency to the last bin
    // (and a constant offset to the first, which only CMVN tests look at).
    static KaldiMatrix Make(Random random, int frames, int[] words, int speaker)
    {
        var data = new float[frames * Bins];
        int segment = frames / words.Length;
        for (int t = 0; t < frames; t++)
        {
            int index = Math.Min(words.Length - 1, t / segment), within = t - (index * segment);
            bool middle = within >= segment / 4 && within < segment * 3 / 4;
            for (int b = 0; b < Bins; b++)
            {
                float v = ((float)(random.NextDouble() - 0.5) * 0.6f) + 5f;
                if (middle && b == words[index]) v += 3;
                if (b == Bins - 1) v += 1.5f * MathF.Sin(t * (speaker + 1) * 0.6f);
                if (b == 0) v += 0.3f * speaker;
                data[(t * Bins) + b] = v;
            }
        }
        return new KaldiMatrix(frames, Bins, data);
    }

    static KaldiMatrix ToMatrix(CmvnStats stats)
    {
        var m = stats.ToMatrix();
        var data = new float[m.Length];
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < m.GetLength(1); c++) data[(r * m.GetLength(1)) + c] = (float)m[r, c];
        return new KaldiMatrix(2, m.GetLength(1), data);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
