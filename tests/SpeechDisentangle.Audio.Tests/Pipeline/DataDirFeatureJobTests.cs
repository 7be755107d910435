using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Tests.Pipeline;

public sealed class DataDirFeatureJobTests : IDisposable
{
    readonly TempAudioFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    KaldiDataDir MakeDir(bool withBadFile)
    {
        var wav = new Dictionary<string, string>
        {
            ["a_1"] = _tmp.Tone("a1.wav", 440, 0.5),
            ["a_2"] = _tmp.Tone("a2.wav", 880, 0.3, rate: 22050),
            ["b_1"] = _tmp.Tone("b1.wav", 300, 0.4, channels: 2),
            ["b_2"] = withBadFile ? _tmp.File("bad.wav", "not audio at all") : _tmp.Tone("b2.wav", 500, 0.2),
        };
        var utt2spk = new Dictionary<string, string> { ["a_1"] = "a", ["a_2"] = "a", ["b_1"] = "b", ["b_2"] = "b" };
        return KaldiDataDir.Create(wav, utt2spk, new Dictionary<string, string> { ["a_1"] = "one", ["b_1"] = "two" });
    }

    static FeatureJobOptions Options(FeatureFormat format = FeatureFormat.Ark, int jobs = 1, bool keepGoing = false) =>
        new() { LogMel = LogMelOptions.Kaldi(16000, 40), Format = format, Jobs = jobs, KeepGoing = keepGoing };

    [Fact]
    public void Run_TwoJobsArk_WritesAValidDataDirWhoseFeaturesMatchOneShotExtraction()
    {
        string outDir = Path.Combine(_tmp.Root, "out");
        var summary = DataDirFeatureJob.Run(MakeDir(false), outDir, Options(jobs: 2));

        summary.Done.Should().Be(4);
        summary.Skipped.Should().BeEmpty();
        var result = KaldiDataDir.Load(outDir);
        result.FeatsScp.Keys.Should().Equal("a_1", "a_2", "b_1", "b_2");
        Directory.GetFiles(Path.Combine(outDir, "data"), "feats.*.ark").Should().HaveCount(2);

        using var scp = new KaldiScpReader(Path.Combine(outDir, "feats.scp"));
        var a1 = scp.Read("a_1");
        var expected = new LogMelExtractor(LogMelOptions.Kaldi(16000, 40))
            .Compute(SpeechDisentangle.Audio.IO.AudioReader.Read(result.WavScp["a_1"]).GetChannel(0));
        a1.Cols.Should().Be(40);
        a1.Data.Should().Equal(expected);
        scp.Read("a_2").Rows.Should().Be(28, "22.05 kHz audio is resampled to 16 kHz first: 4800 samples -> 1 + (4800 - 400) / 160 frames");

        File.ReadAllLines(Path.Combine(outDir, "utt2num_frames")).Should().Contain("a_1 48");
        var cmvn = KaldiScp.Read(Path.Combine(outDir, "cmvn.scp"));
        cmvn.Select(e => e.Key).Should().Equal("a", "b");
        var statsA = KaldiArk.ReadAt(cmvn[0].ArkPath, cmvn[0].Offset!.Value);
        statsA.Rows.Should().Be(2);
        statsA[0, 40].Should().Be(48 + 28, "the count column holds the frames of both utterances of speaker a");
    }

    [Fact]
    public void Run_BadFileWithoutKeepGoing_FailsNamingUtteranceAndFileAndLeavesNothing()
    {
        string outDir = Path.Combine(_tmp.Root, "out");
        var act = () => DataDirFeatureJob.Run(MakeDir(true), outDir, Options() with { UtterancesPerArchive = 1 });
        var e = act.Should().Throw<UtteranceFeatureException>().Which;
        e.Message.Should().StartWith("utterance b_2: ").And.Contain("bad.wav");
        e.InnerException.Should().BeOfType<SpeechDisentangle.Audio.IO.AudioFormatException>();
        Directory.Exists(outDir).Should().BeFalse("the archives of a_1, a_2 and b_1 were finished, but a failed run takes back what it wrote");
    }

    [Fact]
    public void Run_FailureInOneOfTwoJobsIntoAnExistingFolder_LeavesNoOrphanArchive()
    {
        string outDir = Path.Combine(_tmp.Root, "out");
        Directory.CreateDirectory(outDir);
        var act = () => DataDirFeatureJob.Run(MakeDir(true), outDir, Options(jobs: 2));
        act.Should().Throw<UtteranceFeatureException>();
        Directory.GetFileSystemEntries(outDir).Should().BeEmpty("feats.1.ark of the job that finished is taken back");
    }

    [Fact]
    public void Run_NaNAndTooShortAudioWithKeepGoing_AreSkippedNamingFileAndProblem()
    {
        var wav = new Dictionary<string, string>
        {
            ["a_1"] = _tmp.Tone("a1.wav", 440, 0.5),
            ["a_2"] = _tmp.FloatWav("nan.wav", [.. Enumerable.Repeat(float.NaN, 8000)]),
            ["a_3"] = _tmp.Tone("short.wav", 440, 10 / 16000.0),
        };
        var utt2spk = wav.Keys.ToDictionary(u => u, _ => "a");
        var options = new FeatureJobOptions { LogMel = LogMelOptions.Htk(16000, 40), KeepGoing = true };

        var summary = DataDirFeatureJob.Run(KaldiDataDir.Create(wav, utt2spk), Path.Combine(_tmp.Root, "out"), options);

        summary.Done.Should().Be(1);
        summary.Skipped.Select(s => s.Utt).Should().Equal("a_2", "a_3");
        summary.Skipped[0].Reason.Should().StartWith(wav["a_2"]).And.Contain("is NaN");
        summary.Skipped[1].Reason.Should().StartWith(wav["a_3"] + ": audio of 10 samples").And.Contain("201 samples");
    }

    [Fact]
    public void Run_EveryFileBad_LeavesOnlySkippedTxtNotAnEmptyDataDir()
    {
        var wav = new Dictionary<string, string> { ["a_1"] = _tmp.File("x.wav", "no"), ["a_2"] = _tmp.File("y.wav", "no") };
        string outDir = Path.Combine(_tmp.Root, "out");

        var summary = DataDirFeatureJob.Run(KaldiDataDir.Create(wav, wav.Keys.ToDictionary(u => u, _ => "a")), outDir, Options(keepGoing: true));

        summary.Done.Should().Be(0);
        Directory.GetFileSystemEntries(outDir).Select(Path.GetFileName).Should().Equal("skipped.txt");
        File.ReadAllLines(Path.Combine(outDir, "skipped.txt")).Should().HaveCount(2);
    }

    [Fact]
    public void Run_BadFileWithKeepGoing_SkipsItAndReportsWhy()
    {
        string outDir = Path.Combine(_tmp.Root, "out");
        var log = new StringWriter();
        var summary = DataDirFeatureJob.Run(MakeDir(true), outDir, Options(FeatureFormat.Npy, keepGoing: true), log);

        summary.Done.Should().Be(3);
        summary.Skipped.Should().ContainSingle().Which.Utt.Should().Be("b_2");
        summary.Skipped[0].Reason.Should().Contain("bad.wav");
        File.ReadAllText(Path.Combine(outDir, "skipped.txt")).Should().StartWith("b_2 ").And.Contain("bad.wav");
        log.ToString().Should().Contain("3 utterances done").And.Contain("1 skipped");
        File.ReadAllLines(Path.Combine(outDir, "utt2spk")).Should().NotContain(l => l.StartsWith("b_2", StringComparison.Ordinal));
        NpyFile.Read(Path.Combine(outDir, "npy", "b_1.npy")).Shape.Should().Equal(38, 40);
    }

    [Fact]
    public void Run_Shards_TogetherCoverEveryUtteranceOnce()
    {
        var dir = MakeDir(false);
        string outDir = Path.Combine(_tmp.Root, "out");
        for (int k = 1; k <= 3; k++)
            DataDirFeatureJob.Run(dir, outDir, Options() with { ShardIndex = k, ShardCount = 3 });
        var keys = Enumerable.Range(1, 3).SelectMany(k => KaldiScp.Read(Path.Combine(outDir, $"feats.{k}.scp"))).Select(e => e.Key);
        keys.Should().BeEquivalentTo(["a_1", "a_2", "b_1", "b_2"]).And.OnlyHaveUniqueItems();

        DataDirFeatureJob.MergeShards(dir, outDir, 3).Should().Be(4);
        var merged = KaldiDataDir.Load(outDir);
        merged.FeatsScp.Keys.Should().Equal("a_1", "a_2", "b_1", "b_2");
        KaldiScp.Read(Path.Combine(outDir, "cmvn.scp")).Should().HaveCount(2);
        var missing = () => DataDirFeatureJob.MergeShards(dir, outDir, 4);
        missing.Should().Throw<FileNotFoundException>().WithMessage("*shard 4/4*feats.4.scp*");
    }

    [Fact]
    public void Options_BothNjAndShard_AreRejectedWithEveryProblem()
    {
        var act = () => (Options(jobs: 2) with { ShardIndex = 4, ShardCount = 3 }).Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*shard must be K/N*either --nj or --shard*");
    }
}
