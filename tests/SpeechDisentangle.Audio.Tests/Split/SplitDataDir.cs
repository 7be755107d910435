using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Audio.Tests.Split;

/// <summary>A small feature data dir on disk: speakers × words × repeats (+ one sentence each), with cmvn.scp.</summary>
internal sealed class SplitDataDir : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sdt-split-" + Guid.NewGuid().ToString("N"));
    public string Dir => Path.Combine(Root, "feats");
    public string Out => Path.Combine(Root, "split");

    public SplitDataDir(int speakers = 6, string[]? words = null, int repeats = 5, bool sentences = true, Func<int, IEnumerable<string>>? extra = null)
    {
        words ??= ["one", "two", "three"];
        var feats = new List<KeyValuePair<string, KaldiMatrix>>();
        var utt2spk = new Dictionary<string, string>();
        var text = new Dictionary<string, string>();
        for (int s = 0; s < speakers; s++)
        {
            string spk = $"s{s}";
            int n = 0;
            foreach (var w in words)
                for (int r = 0; r < repeats; r++) Add($"{spk}_{n++:000}", spk, w);
            if (sentences) Add($"{spk}_{n++:000}", spk, string.Join(' ', words));
            foreach (var t in extra?.Invoke(s) ?? []) Add($"{spk}_{n++:000}", spk, t);
        }
        Directory.CreateDirectory(Dir);
        var entries = KaldiArk.Write(Path.Combine(Dir, "data", "feats.ark"), feats);
        KaldiDataDir.Create(new Dictionary<string, string>(), utt2spk, text, featsScp: entries.ToDictionary(e => e.Key, e => e.RxSpecifier)).Save(Dir);
        File.WriteAllLines(Path.Combine(Dir, "utt2num_frames"), utt2spk.Keys.Order(StringComparer.Ordinal).Select(u => u + " 3"));
        var cmvn = utt2spk.Values.Distinct().Order(StringComparer.Ordinal)
            .Select(spk => new KeyValuePair<string, KaldiMatrix>(spk, new KaldiMatrix(2, 3, [1, 1, 3, 1, 1, 0])));
        KaldiArk.Write(Path.Combine(Dir, "data", "cmvn.ark"), cmvn, Path.Combine(Dir, "cmvn.scp"));

        void Add(string utt, string spk, string words)
        {
            utt2spk[utt] = spk;
            text[utt] = words;
            feats.Add(new(utt, new KaldiMatrix(3, 2, [1, 2, 3, 4, 5, 6])));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
