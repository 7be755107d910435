using System.Globalization;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Cli.Bench;

/// <summary>
/// A generated SIT split (train/, test/, unseen/) of log-mel-like features of a chosen length in hours, for the
/// streaming benchmark: 80 bins at 100 frames/s, utterances of 8 to 12 s, each a tiled base pattern plus its speaker's
/// spectral offset, its word's band and noise. train/ is written as archives of ~1 GB with feats.scp, cmvn.scp
/// (per-speaker stats gathered while writing) and utt2num_frames, as `sdt features compute` writes; test/ and unseen/
/// are small. Every file is written atomically and a file "complete" last, so an interrupted generation is redone, not reused.
/// </summary>
internal static class StreamingBenchCorpus
{
    public const int Bins = 80;
    const int TrainSpeakers = 200, UnseenSpeakers = 4;
    static readonly string[] Words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>Writes the split under <paramref name="root"/> unless a complete one is there; returns its train/ size in bytes.</summary>
    public static long Ensure(string root, double hours, TextWriter log)
    {
        string marker = Path.Combine(root, "complete");
        if (File.Exists(marker))
        {
            string size = File.ReadAllText(marker).Trim();
            if (long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out long complete)) return complete;
            throw new InvalidDataException($"{marker}: expected the train/ size in bytes, found '{size}'; delete {root} (or pass another --work) to generate the corpus again");
        }
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var random = new Random(1);
        var bases = Enumerable.Range(0, 32).Select(_ => Pattern(random, 1200)).ToArray();
        var offsets = Enumerable.Range(0, TrainSpeakers + UnseenSpeakers).Select(_ => Pattern(random, 1)).ToArray();
        long frames = (long)(hours * 3600 * 100);
        long bytes = Write(Path.Combine(root, "train"), Enumerable.Range(0, TrainSpeakers), frames, bases, offsets, random, log);
        Write(Path.Combine(root, "test"), Enumerable.Range(0, TrainSpeakers).Take(20), 20 * 1000, bases, offsets, random, log);
        Write(Path.Combine(root, "unseen"), Enumerable.Range(TrainSpeakers, UnseenSpeakers), 40 * 1000, bases, offsets, random, log);
        AtomicFile.WriteAllText(marker, bytes.ToString(CultureInfo.InvariantCulture));
        return bytes;
    }

    static long Write(string dir, IEnumerable<int> speakerIds, long totalFrames, float[][] bases, float[][] offsets, Random random, TextWriter log)
    {
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        var speakers = speakerIds.ToArray();
        var scp = new List<KaldiScpEntry>();
        var utt2spk = new List<string>();
        var text = new List<string>();
        var numFrames = new List<string>();
        var stats = speakers.ToDictionary(s => Speaker(s), _ => new CmvnStats(Bins), StringComparer.Ordinal);
        long written = 0, bytes = 0;
        int utt = 0;
        for (int ark = 0; written < totalFrames; ark++)
        {
            string path = Path.Combine(dir, "data", $"feats.{ark + 1}.ark");
            var entries = new List<KeyValuePair<string, KaldiMatrix>>();
            IEnumerable<KeyValuePair<string, KaldiMatrix>> Utterances()
            {
                long arkBytes = 0;
                while (written < totalFrames && arkBytes < (1L << 30))
                {
                    int word = utt % Words.Length;
                    int spk = speakers[(utt / Words.Length) % speakers.Length];
                    int t = 800 + random.Next(401);
                    string id = $"{Speaker(spk)}_{utt:D7}";
                    var m = Utterance(t, bases[random.Next(bases.Length)], offsets[spk], word, random);
                    stats[Speaker(spk)].Accumulate(m.Data);
                    utt2spk.Add($"{id} {Speaker(spk)}");
                    text.Add($"{id} {Words[word]}");
                    numFrames.Add($"{id} {t}");
                    written += t;
                    arkBytes += (long)t * Bins * 4;
                    utt++;
                    yield return new(id, m);
                }
                bytes += arkBytes;
            }
            scp.AddRange(KaldiArk.Write(path, Utterances()));
            log.WriteLine(FormattableString.Invariant($"# generated {dir}: {written / 360000.0:F1} h in {ark + 1} archive(s)"));
        }
        // Kaldi tables are sorted by key.
        KaldiScp.Write(Path.Combine(dir, "feats.scp"), scp.OrderBy(e => e.Key, StringComparer.Ordinal));
        AtomicFile.WriteAllLines(Path.Combine(dir, "utt2spk"), utt2spk.Order(StringComparer.Ordinal));
        AtomicFile.WriteAllLines(Path.Combine(dir, "text"), text.Order(StringComparer.Ordinal));
        AtomicFile.WriteAllLines(Path.Combine(dir, "utt2num_frames"), numFrames.Order(StringComparer.Ordinal));
        AtomicFile.WriteAllLines(Path.Combine(dir, "spk2utt"), utt2spk.Select(l => l.Split(' ')).GroupBy(f => f[1]).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key + " " + string.Join(' ', g.Select(f => f[0]).Order(StringComparer.Ordinal))));
        KaldiArk.Write(Path.Combine(dir, "data", "cmvn.ark"), stats.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new KeyValuePair<string, KaldiMatrix>(kv.Key, StatsMatrix(kv.Value))), Path.Combine(dir, "cmvn.scp"));
        return bytes;
    }

    static string Speaker(int s) => $"spk{s:D3}";

    /// <summary>Smooth log-mel-like rows: a decaying envelope with random ripples, around -8.</summary>
    static float[] Pattern(Random random, int frames)
    {
        var data = new float[frames * Bins];
        for (int t = 0; t < frames; t++)
            for (int b = 0; b < Bins; b++)
                data[(t * Bins) + b] = (float)(-6 - (4.0 * b / Bins) + Math.Sin((t * 0.07) + (b * 0.3)) + (random.NextDouble() - 0.5));
        return data;
    }

    static KaldiMatrix Utterance(int frames, float[] pattern, float[] speaker, int word, Random random)
    {
        var data = new float[frames * Bins];
        int start = random.Next(1200 - frames + 1);
        Array.Copy(pattern, start * Bins, data, 0, frames * Bins);
        float gain = (float)(random.NextDouble() - 0.5);
        for (int t = 0; t < frames; t++)
        {
            bool middle = t > frames / 3 && t < 2 * frames / 3;
            for (int b = 0; b < Bins; b++)
            {
                data[(t * Bins) + b] += speaker[b] + gain + (middle && b / 8 == word ? 2f : 0f);
            }
        }
        return new KaldiMatrix(frames, Bins, data);
    }

    static KaldiMatrix StatsMatrix(CmvnStats stats)
    {
        var m = stats.ToMatrix();
        int cols = m.GetLength(1);
        var data = new float[2 * cols];
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < cols; c++) data[(r * cols) + c] = (float)m[r, c];
        return new KaldiMatrix(2, cols, data);
    }
}
