using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Cli.Tests.Demo;

/// <summary>
/// A tiny trained vc-adain experiment (16 mel bands, a few steps) on a synthetic feature dir, plus two WAV files,
/// shared by the convert and demo tests. Quality is not the point here: the wiring is.
/// </summary>
public sealed class VcExperimentFixture : IDisposable
{
    public const int Bins = 16;

    public VcExperimentFixture()
    {
        TorchSharp.torch.set_num_threads(1);
        Root = Path.Combine(Path.GetTempPath(), "vccli-" + Guid.NewGuid().ToString("N"));
        Features = Path.Combine(Root, "feats");
        WriteFeatures(Features);
        Experiment = Path.Combine(Root, "exp");
        var config = Models.Core.Tasks.Experiment.LoadConfig("vc-adain", null,
        [
            "model_options.n_mels=16", "model_options.channels=16", "model_options.content_channels=8",
            "model_options.speaker_embedding=8", "model_options.blocks=1",
            "trainer.max_steps=5", "trainer.batch_size=4", "trainer.progress=false",
            "data.segment_frames=12", "data.batches_per_epoch=5", "data.unseen_speakers=1",
            "data.eval_pairs=2", "data.judge_steps=2",
        ]);
        Models.Core.Tasks.Experiment.Train(config, Features, Experiment, resume: false, TextWriter.Null);
        Checkpoint = Path.Combine(Experiment, "checkpoints", "last.ckpt");
        SourceWav = WriteTone(Path.Combine(Root, "wav", "source.wav"), 220, 0.8);
        ReferenceWav = WriteTone(Path.Combine(Root, "wav", "reference.wav"), 330, 0.6);
    }

    public string Root { get; }
    public string Features { get; }
    public string Experiment { get; }
    public string Checkpoint { get; }
    public string SourceWav { get; }
    public string ReferenceWav { get; }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    /// <summary>A harmonic tone with a slow vowel-like amplitude envelope, 16 kHz.</summary>
    private static string WriteTone(string path, double f0, double seconds)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        int n = (int)(16000 * seconds);
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            double t = i / 16000.0, env = Math.Sin(Math.PI * i / n);
            for (int h = 1; h <= 5; h++) x[i] += (float)(0.1 * env * Math.Sin(2 * Math.PI * f0 * h * t) / h);
        }
        WavWriter.Write(path, AudioData.Mono(x, 16000));
        return path;
    }

    /// <summary>3 speakers (each a spectral tilt) x 2 words (a bump sweeping up or down) x 5, raw log-mel scale.</summary>
    private static void WriteFeatures(string dir)
    {
        Directory.CreateDirectory(dir);
        var random = new Random(0);
        var entries = new List<KeyValuePair<string, KaldiMatrix>>();
        var utt2spk = new List<string>();
        var text = new List<string>();
        string[] words = ["up", "down"];
        for (int s = 0; s < 3; s++)
            for (int w = 0; w < 2; w++)
                for (int r = 0; r < 5; r++)
                {
                    string spk = $"s{s + 1}", utt = $"{spk}_{w}{r}";
                    int frames = 20 + random.Next(6);
                    var m = new float[frames, Bins];
                    for (int t = 0; t < frames; t++)
                        for (int b = 0; b < Bins; b++)
                        {
                            double centre = (w == 0 ? t : frames - 1 - t) * (Bins - 1.0) / (frames - 1);
                            double bump = 2.5 * Math.Exp(-0.5 * Math.Pow((b - centre) / 1.5, 2));
                            m[t, b] = (float)(-10 + (4 * (bump + ((s - 1) * ((2.0 * b / (Bins - 1)) - 1)) - 0.5)));
                        }
                    entries.Add(new(utt, KaldiMatrix.FromArray(m)));
                    utt2spk.Add($"{utt} {spk}");
                    text.Add($"{utt} {words[w]}");
                }
        KaldiArk.Write(Path.Combine(dir, "feats.ark"), entries, Path.Combine(dir, "feats.scp"));
        File.WriteAllLines(Path.Combine(dir, "utt2spk"), utt2spk);
        File.WriteAllLines(Path.Combine(dir, "text"), text);
        File.WriteAllLines(Path.Combine(dir, "spk2utt"), utt2spk.GroupBy(l => l.Split(' ')[1])
            .Select(g => g.Key + " " + string.Join(' ', g.Select(l => l.Split(' ')[0]))));
    }
}

[CollectionDefinition("vc-cli")]
public sealed class VcCliCollection : ICollectionFixture<VcExperimentFixture>;
