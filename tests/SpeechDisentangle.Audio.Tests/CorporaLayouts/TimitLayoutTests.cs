using System.Globalization;
using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

/// <summary>
/// A tiny TIMIT: TRAIN in upper case (two speakers, SA1 + SI + SX each), test in lower case (one speaker, sa1 + si).
/// Audio is espeak-ng speech written as 16 kHz NIST SPHERE by sox; the .PHN boundaries are made up but valid.
/// </summary>
public sealed class TimitCorpusFixture : TempCorpus
{
    public TimitCorpusFixture() : base("timit")
    {
        Utterance("TRAIN/DR1/FAKS0", "SA1", "en-us+f2", "she had your dark suit", upper: true);
        Utterance("TRAIN/DR1/FAKS0", "SI943", "en-us+f2", "a big fox", upper: true);
        Utterance("TRAIN/DR1/FAKS0", "SX43", "en-us+f2", "the cat sat", upper: true);
        Utterance("TRAIN/DR2/MDAB0", "SA1", "en-gb+m3", "she had your dark suit", upper: true);
        Utterance("TRAIN/DR2/MDAB0", "SI1039", "en-gb+m3", "one more time", upper: true);
        Utterance("TRAIN/DR2/MDAB0", "SX139", "en-gb+m3", "blue sky", upper: true);
        Utterance("test/dr1/mrjo0", "sa1", "en-us+m5", "she had your dark suit", upper: false);
        Utterance("test/dr1/mrjo0", "si1364", "en-us+m5", "good morning", upper: false);
    }

    /// <summary>The phones the made-up .PHN files use, with their share of the utterance.</summary>
    public static readonly (string Phone, double Share)[] Script =
        [("h#", 0.15), ("q", 0.05), ("bcl", 0.1), ("b", 0.1), ("ax", 0.2), ("ix", 0.1), ("s", 0.15), ("h#", 0.15)];

    void Utterance(string speakerDir, string sentence, string voice, string text, bool upper)
    {
        string stem = Path.Combine(Root, speakerDir, sentence);
        string Ext(string e) => stem + (upper ? e.ToUpperInvariant() : e);
        CorpusSynth.Speak(text, voice, Ext(".wav"), "-r", "16000", "-b", "16", "-t", "sph");
        long n;
        using (var reader = AudioReader.Open(Ext(".wav"))) n = reader.TotalFrames!.Value;
        var phn = new System.Text.StringBuilder();
        long start = 0;
        for (int i = 0; i < Script.Length; i++)
        {
            long end = i == Script.Length - 1 ? n : start + (long)(Script[i].Share * n);
            phn.Append(CultureInfo.InvariantCulture, $"{start} {end} {Script[i].Phone}\n");
            start = end;
        }
        CorpusSynth.Write(Ext(".phn"), phn.ToString());
        CorpusSynth.Write(Ext(".txt"), string.Create(CultureInfo.InvariantCulture, $"0 {n} {text}.\n"));
        CorpusSynth.Write(Ext(".wrd"), string.Create(CultureInfo.InvariantCulture, $"0 {n} {text.Split(' ')[0]}\n"));
    }
}

public sealed class TimitLayoutTests(TimitCorpusFixture corpus) : IClassFixture<TimitCorpusFixture>, IDisposable
{
    readonly string _out = Path.Combine(Path.GetTempPath(), "sdt-timit-out-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public void Prepare_Train_WritesValidDataDirWithoutSaAndOneLabelPerFeatureFrame()
    {
        string data = Path.Combine(_out, "train");
        var summary = TimitDataPrep.Prepare(corpus.Root, data, new TimitPrepareOptions { Split = "train" });

        var dir = KaldiDataDir.Load(data);
        dir.Warnings.Should().BeEmpty();
        dir.Utterances.Should().Equal("FAKS0_SI943", "FAKS0_SX43", "MDAB0_SI1039", "MDAB0_SX139");
        dir.Text["MDAB0_SX139"].Should().Be("blue sky.");
        File.ReadAllLines(Path.Combine(data, "spk2gender")).Should().Equal("FAKS0 f", "MDAB0 m");
        FrameLabelFiles.ReadSymbols(Path.Combine(data, FrameLabelFiles.PhonesFile)).Should().Equal(TimitPhones.Folded39);
        File.ReadAllText(Path.Combine(data, TimitDataPrep.LabelsConfFile)).Should().Contain("frame-shift-ms=10");

        var labels = FrameLabelFiles.ReadLabels(Path.Combine(data, FrameLabelFiles.LabelsFile));
        labels.Keys.Should().BeEquivalentTo(dir.Utterances);
        var extractor = new LogMelExtractor(LogMelOptions.Kaldi(16000, 40));
        foreach (string utt in dir.Utterances)
        {
            var audio = AudioReader.Read(dir.WavScp[utt]);
            audio.SampleRate.Should().Be(16000);
            int featureFrames = extractor.Compute(audio.GetChannel(0)).Length / 40;
            labels[utt].Length.Should().Be(featureFrames, $"{utt} needs one label per Kaldi feature frame");
        }
        summary.Frames.Should().Be(labels.Values.Sum(l => (long)l.Length));

        // The script is h# q bcl b ax ix s h#: in 39 classes q takes the label before it, so sil b ah ih s sil remain.
        int Id(string p) => TimitPhones.Folded39.ToList().IndexOf(p);
        var first = labels["FAKS0_SI943"];
        first[0].Should().Be(Id("sil"));
        Runs(first).Should().Equal(Id("sil"), Id("b"), Id("ah"), Id("ih"), Id("s"), Id("sil"));
    }

    [Fact]
    public void Prepare_LowerCaseTestSplitWithSaAnd61Phones_KeepsSaAndRawPhones()
    {
        string data = Path.Combine(_out, "test");
        TimitDataPrep.Prepare(corpus.Root, data,
            new TimitPrepareOptions { Split = "test", IncludeSa = true, PhoneSet = TimitPhoneSet.Full61 });

        var dir = KaldiDataDir.Load(data);
        dir.Utterances.Should().Equal("MRJO0_SA1", "MRJO0_SI1364");
        var symbols = FrameLabelFiles.ReadSymbols(Path.Combine(data, FrameLabelFiles.PhonesFile));
        symbols.Should().HaveCount(61);
        var labels = FrameLabelFiles.ReadLabels(Path.Combine(data, FrameLabelFiles.LabelsFile))["MRJO0_SA1"];
        Runs(labels).Select(i => symbols[i]).Should().Equal("h#", "q", "bcl", "b", "ax", "ix", "s", "h#");
    }

    /// <summary>The labels with repeats of the same label collapsed: one entry per run.</summary>
    static List<int> Runs(int[] labels) => [.. labels.Where((l, i) => i == 0 || labels[i - 1] != l)];

    [Fact]
    public void Read_MissingRoot_NamesIt()
    {
        var act = () => TimitLayout.Read(_out, "train");
        act.Should().Throw<CorpusLayoutException>().WithMessage($"TIMIT corpus folder '{_out}' does not exist");
    }

    [Fact]
    public void Read_NoSplitFolder_SaysWhatWasExpected()
    {
        Directory.CreateDirectory(Path.Combine(_out, "wav48"));
        var act = () => TimitLayout.Read(_out, "test");
        act.Should().Throw<CorpusLayoutException>().WithMessage($"'{_out}' is not a TIMIT corpus: it has no TEST/ folder*");
    }

    [Fact]
    public void Read_AudioWithoutPhn_NamesTheAudioFile()
    {
        string spk = Path.Combine(_out, "TRAIN", "DR3", "MJMP0");
        CorpusSynth.Write(Path.Combine(spk, "SI1.WAV"), "x");
        var act = () => TimitLayout.Read(_out, "train");
        act.Should().Throw<CorpusLayoutException>().WithMessage($"TIMIT audio '*SI1.WAV' has no phone transcription*SI1.PHN*");
    }

    [Fact]
    public void Prepare_BadOptions_ListsEveryProblem()
    {
        var act = () => TimitDataPrep.Prepare(corpus.Root, _out,
            new TimitPrepareOptions { Split = "dev", FrameShiftMs = 0, FrameLengthMs = -1 });
        act.Should().Throw<ArgumentException>().WithMessage("*Split must be train or test*FrameLengthMs*FrameShiftMs*");
    }
}
