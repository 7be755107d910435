using System.Globalization;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Pipeline;

namespace SpeechDisentangle.Audio.Tests.Pipeline;

public class FeatureFrontEndTests
{
    static readonly LogMelOptions HtkWithFraming =
        LogMelPreset.Create("htk", 22050, 40, framing: new LogMelFraming { NFft = 1024, HopLength = 256, WinLength = 1024 }, logFloor: 1e-10);

    [Fact]
    public void ToText_ParsesBackToTheSameFrontEnd()
    {
        var frontEnd = new FeatureFrontEnd(HtkWithFraming, ChannelSelection.Mean);

        FeatureFrontEnd.Parse(frontEnd.ToText(), "x").Should().Be(frontEnd);
    }

    [Fact]
    public void Parse_ReadsTheFeatureJobFingerprintLines()
    {
        // feats_job.txt holds the record's own ToString (computed properties included) and the channel line.
        string fingerprint = $"format ark\nchannel 1\nlog-mel {HtkWithFraming}\nutterances 3\n";

        var parsed = FeatureFrontEnd.Parse(fingerprint, "feats_job.txt");

        parsed.LogMel.Should().Be(HtkWithFraming);
        parsed.Channel.Should().Be(ChannelSelection.Channel(1));
    }

    [Fact]
    public void Parse_ValueOfTheWrongType_NamesTheFileAndSetting()
    {
        string text = new FeatureFrontEnd(LogMelOptions.Kaldi(), default).ToText().Replace("NumMelBins = 80", "NumMelBins = many", StringComparison.Ordinal);

        var act = () => FeatureFrontEnd.Parse(text, "d/front_end.txt");

        act.Should().Throw<InvalidDataException>().WithMessage("d/front_end.txt: log-mel NumMelBins = 'many' is not a Int32");
    }

    [Fact]
    public void Describe_NamesPresetBinsAndFraming()
    {
        new FeatureFrontEnd(HtkWithFraming, default).Describe().Should().Be("preset htk, 40 bins, 22050 Hz, window 1024, hop 256, n_fft 1024, channel 0");
        new FeatureFrontEnd(LogMelOptions.Kaldi(), default).Describe().Should().StartWith("preset kaldi, 80 bins, 16000 Hz, window 400, hop 160, n_fft 512");
        new FeatureFrontEnd(LogMelOptions.Slaney(), default).Describe().Should().StartWith("preset slaney, 80 bins");
    }

    [Fact]
    public void Differences_ListEverySettingThatDiffers()
    {
        var a = new FeatureFrontEnd(LogMelOptions.Kaldi(), default);
        var b = new FeatureFrontEnd(LogMelOptions.Kaldi() with { Preemphasis = 0 }, ChannelSelection.Mean);

        a.Differences(b).Should().Equal("Preemphasis 0.97 vs 0", "channel 0 vs mean of channels");
        a.Differences(a).Should().BeEmpty();
    }

    static readonly LogMelOptions SplitLogMel = LogMelPreset.Create("slaney", 16000, 24);

    /// <summary>Features of 3 speakers x 6 one-word utterances computed by `sdt features compute` (which records their front end).</summary>
    static string ComputeFeatures(TempAudioFolder audio)
    {
        var wav = new Dictionary<string, string>(StringComparer.Ordinal);
        var utt2spk = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int s = 0; s < 3; s++)
            for (int u = 0; u < 6; u++)
            {
                string utt = string.Create(CultureInfo.InvariantCulture, $"s{s}_{u}");
                wav[utt] = audio.Tone(utt + ".wav", 200 + (50 * s) + (10 * u), 0.2);
                utt2spk[utt] = $"s{s}";
                text[utt] = u % 2 == 0 ? "yes" : "no";
            }
        string feats = Path.Combine(audio.Root, "feats");
        DataDirFeatureJob.Run(KaldiDataDir.Create(wav, utt2spk, text), feats, new FeatureJobOptions { LogMel = SplitLogMel, Channel = ChannelSelection.Mean });
        return feats;
    }

    static readonly DataSplitOptions SplitOptions = new() { HeldSpeakers = 1, ValidFraction = 0, TestFraction = 0.34 };
    static readonly string[] Subsets = ["train", "test", "unseen"];

    [Fact]
    public void FeaturesCompute_ThenSplit_EverySubsetRecordsTheFrontEnd()
    {
        using var audio = new TempAudioFolder();
        string feats = ComputeFeatures(audio), split = Path.Combine(audio.Root, "split");

        DataSplit.Run(feats, split, SplitOptions);

        FeatureFrontEnd.Read(feats).Should().Be(new FeatureFrontEnd(SplitLogMel, ChannelSelection.Mean));
        foreach (string subset in Subsets)
            FeatureFrontEnd.Read(Path.Combine(split, subset)).Should().Be(new FeatureFrontEnd(SplitLogMel, ChannelSelection.Mean), subset);
        FeatureFrontEnd.Read(audio.Root).Should().BeNull("a folder without a record");
    }

    [Fact]
    public void Split_OfARecordlessSourceIntoAnEarlierSplit_LeavesNoStaleRecord()
    {
        using var audio = new TempAudioFolder();
        string feats = ComputeFeatures(audio), split = Path.Combine(audio.Root, "split");
        DataSplit.Run(feats, split, SplitOptions);
        File.Delete(Path.Combine(feats, "feats_job.txt"));

        DataSplit.Run(feats, split, SplitOptions);

        foreach (string subset in Subsets)
            File.Exists(Path.Combine(split, subset, FeatureFrontEnd.FileName)).Should().BeFalse(subset);
    }

    [Fact]
    public void Split_OfASourceWithADamagedRecord_WarnsNamingItAndSplits()
    {
        using var audio = new TempAudioFolder();
        string feats = ComputeFeatures(audio), split = Path.Combine(audio.Root, "split");
        string job = Path.Combine(feats, "feats_job.txt");
        File.WriteAllText(job, "log-mel LogMelOptions { NumMelBins = many }\n");
        var warnings = new StringWriter();

        var assignment = DataSplit.Run(feats, split, SplitOptions, warnings: warnings);

        assignment["train"].Should().NotBeEmpty();
        warnings.ToString().Should().Contain($"{job}: log-mel NumMelBins = 'many' is not a Int32").And.Contain("record no front end");
        foreach (string subset in Subsets)
            FeatureFrontEnd.Read(Path.Combine(split, subset)).Should().BeNull(subset);
    }
}
