using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Pipeline;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

/// <summary>
/// VCTK 0.92 (48 kHz FLAC, mic1/mic2) made from espeak-ng speech, taken through the steps of
/// `sdt data prepare-vctk` (VctkLayout + CorpusDataDir) and `sdt features compute --data-dir` (DataDirFeatureJob).
/// </summary>
public sealed class Vctk092EndToEndTests : TempCorpus
{
    public Vctk092EndToEndTests() : base("vctk092")
    {
        foreach (var (spk, voice) in new[] { ("p225", "en-gb+f2"), ("p226", "en-us+m3") })
        {
            for (int u = 1; u <= 2; u++)
            {
                string id = $"{spk}_{u:D3}";
                string text = u == 1 ? "please call stella" : "ask her to bring these things";
                CorpusSynth.SpeakFlac(text, voice, Path.Combine(Root, "wav48_silence_trimmed", spk, id + "_mic1.flac"), 48000);
                CorpusSynth.Write(Path.Combine(Root, "txt", spk, id + ".txt"), text + "\n");
            }
        }
        // A mic2 copy that mic1 preparation must ignore.
        File.Copy(Path.Combine(Root, "wav48_silence_trimmed", "p225", "p225_001_mic1.flac"),
            Path.Combine(Root, "wav48_silence_trimmed", "p225", "p225_001_mic2.flac"));
    }

    [Fact]
    public void PrepareThenComputeFeatures_FlacCorpus_GivesFeaturesForEveryUtterance()
    {
        string data = Path.Combine(Root, "data", "all"), feats = Path.Combine(Root, "data", "all_kaldi");
        CorpusDataDir.Create(VctkLayout.Read(Root)).Save(data);
        var dir = KaldiDataDir.Load(data);
        dir.Utterances.Should().Equal("p225_001", "p225_002", "p226_001", "p226_002");
        dir.Text["p226_002"].Should().Be("ask her to bring these things");

        var options = new FeatureJobOptions { LogMel = LogMelPreset.Create("kaldi", numMelBins: 40), Jobs = 2 };
        var summary = DataDirFeatureJob.Run(dir, feats, options);

        summary.Done.Should().Be(4);
        var featDir = KaldiDataDir.Load(feats);
        featDir.FeatsScp.Keys.Should().Equal(dir.Utterances);
        using var scp = new KaldiScpReader(Path.Combine(feats, "feats.scp"));
        foreach (string utt in dir.Utterances)
        {
            var audio = AudioReader.Read(dir.WavScp[utt], AudioReadOptions.Default with { TargetSampleRate = 16000 });
            var matrix = scp.Read(utt);
            matrix.Cols.Should().Be(40);
            matrix.Rows.Should().Be(1 + ((audio.FrameCount - 400) / 160), $"{utt}: 48 kHz FLAC resampled to 16 kHz, 25/10 ms frames");
            matrix.Data.Should().OnlyContain(v => float.IsFinite(v));
        }
    }
}
