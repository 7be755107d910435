using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Extraction;

/// <summary>
/// A tiny spoken corpus as audio (4 speakers x 3 words x 4, harmonic tones: a speaker is a pitch and a tilt, a word a
/// formant pair), its kaldi-preset 16-bin features (`sdt features compute`), a split of them (`sdt data split`), and
/// one short run of each speech model on them: sit and dann-speech on the split, vc-adain and vc-adv on the flat
/// feature dir. The runs are a few steps long: extraction needs trained weights, not good ones.
/// </summary>
public sealed class AudioCorpusFixture : IDisposable
{
    public const int Bins = 16;
    public static readonly string[] Words = ["one", "two", "three"];

    public AudioCorpusFixture()
    {
        TorchTestSetup.Init();
        WriteAudio();
        DataDirFeatureJob.Run(KaldiDataDir.Load(Wavs), Features, new FeatureJobOptions { LogMel = LogMelPreset.Create("kaldi", 16000, Bins) });
        DataSplit.Run(Features, Split, new DataSplitOptions { HeldSpeakers = 1, ValidFraction = 0, TestFraction = 0.25, Seed = 1 });
        Train("sit", Split, [
            "model_options.encoder.input_bins=16", "model_options.encoder.channels=[8, 8]", "model_options.encoder.kernels=[3, 3]",
            "model_options.encoder.dilations=[1, 2]", "model_options.content_hidden=8", "model_options.speaker_hidden=8",
            "trainer.batch_size=8", "data.probe_steps=2", "data.probe_folds=2"]);
        Train("dann-speech", Split, [
            "model_options.classes=3", "model_options.encoder.input_bins=16", "model_options.encoder.channels=[8, 8]",
            "model_options.encoder.kernels=[3, 3]", "model_options.encoder.dilations=[1, 2]", "model_options.label_hidden=8",
            "model_options.domain_hidden=8", "trainer.batch_size=8", "data.max_frames=0"]);
        string[] vcData = ["data.segment_frames=12", "data.batches_per_epoch=2", "data.unseen_speakers=1", "data.eval_pairs=2",
            "data.judge_steps=2", "trainer.batch_size=4"];
        Train("vc-adain", Features, [.. vcData, "model_options.n_mels=16", "model_options.channels=8", "model_options.content_channels=4",
            "model_options.speaker_embedding=4", "model_options.blocks=1"]);
        Train("vc-adv", Features, [.. vcData, "model_options.n_mels=16", "model_options.speakers=3", "model_options.channels=8",
            "model_options.code_channels=4", "model_options.speaker_embedding=4", "model_options.residual_blocks=1", "model_options.classifier_channels=8"]);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sdt-extract-audio-" + Guid.NewGuid().ToString("N"));

    /// <summary>The Kaldi data dir of the audio (wav.scp, utt2spk, text).</summary>
    public string Wavs => Path.Combine(Root, "wavs");

    /// <summary>The features of <see cref="Wavs"/>: kaldi preset, 16 bins, with cmvn.scp and feats_job.txt.</summary>
    public string Features => Path.Combine(Root, "feats");

    public string Split => Path.Combine(Root, "split");

    /// <summary>The experiment folder of a model kind ("sit", "dann-speech", "vc-adain", "vc-adv").</summary>
    public string Exp(string kind) => Path.Combine(Root, "exp", kind);

    public string Checkpoint(string kind) => Path.Combine(Exp(kind), "checkpoints", "last.ckpt");

    /// <summary>The WAV file of an utterance.</summary>
    public string Wav(string utt) => Path.Combine(Wavs, "audio", utt + ".wav");

    void Train(string kind, string data, string[] overrides)
    {
        var config = Experiment.LoadConfig(kind, null, [.. overrides, "trainer.max_steps=3", "trainer.progress=false", "trainer.seed=1"]);
        Experiment.Train(config, data, Exp(kind), resume: false, TextWriter.Null);
    }

    void WriteAudio()
    {
        var random = new Random(3);
        var wavScp = new Dictionary<string, string>(StringComparer.Ordinal);
        var utt2spk = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        double[][] formants = [[300, 2300], [700, 1200], [500, 1700]];
        for (int s = 0; s < 4; s++)
            for (int w = 0; w < Words.Length; w++)
                for (int r = 0; r < 4; r++)
                {
                    string spk = $"spk{s}", utt = $"{spk}_{w}{r}";
                    var samples = Tone(random, 110 + (40 * s), 0.5 + (0.15 * s), formants[w], 0.28 + (0.02 * r));
                    WavWriter.Write(Wav(utt), AudioData.Mono(samples, 16000));
                    wavScp[utt] = Wav(utt);
                    utt2spk[utt] = spk;
                    text[utt] = Words[w];
                }
        KaldiDataDir.Create(wavScp, utt2spk, text).Save(Wavs);
    }

    /// <summary>Harmonics of <paramref name="f0"/> shaped by two formant bumps and a spectral tilt, with a little noise.</summary>
    static float[] Tone(Random random, double f0, double tilt, double[] formants, double seconds)
    {
        int n = (int)(16000 * seconds);
        var x = new float[n];
        for (int h = 1; f0 * h < 7000; h++)
        {
            double f = f0 * h, gain = Math.Pow(h, -tilt) * (1 + formants.Sum(fm => 4 * Math.Exp(-Math.Pow((f - fm) / 150, 2))));
            double phase = random.NextDouble() * 2 * Math.PI;
            for (int i = 0; i < n; i++) x[i] += (float)(0.02 * gain * Math.Sin((2 * Math.PI * f * i / 16000) + phase));
        }
        float peak = x.Max(MathF.Abs);
        for (int i = 0; i < n; i++) x[i] = (0.5f * x[i] / peak) + (float)(0.001 * (random.NextDouble() - 0.5));
        return x;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
