using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.Pipeline;

namespace SpeechDisentangle.Audio.Tests.Pipeline;

/// <summary>
/// A rerun keeps what an interrupted run finished and ends with the same bytes as one uninterrupted run. An
/// interruption is made here by deleting what a killed run would not have written yet (the tables, the later files).
/// </summary>
public sealed class DataDirFeatureJobResumeTests : IDisposable
{
    readonly TempAudioFolder _tmp = new();
    readonly string _out;

    public DataDirFeatureJobResumeTests() => _out = Path.Combine(_tmp.Root, "out");

    public void Dispose() => _tmp.Dispose();

    KaldiDataDir Corpus(int utterances = 10)
    {
        var wav = new Dictionary<string, string>();
        var utt2spk = new Dictionary<string, string>();
        for (int i = 0; i < utterances; i++)
        {
            string utt = $"s{i % 3}_u{i:D2}";
            wav[utt] = _tmp.Tone($"u{i}.wav", 200 + (37 * i), 0.2 + (0.01 * i));
            utt2spk[utt] = $"s{i % 3}";
        }
        return KaldiDataDir.Create(wav, utt2spk);
    }

    static FeatureJobOptions Options(FeatureFormat format, int jobs = 1) =>
        new() { LogMel = LogMelOptions.Kaldi(16000, 40), Format = format, Jobs = jobs, UtterancesPerArchive = 3 };

    /// <summary>Every file under the output folder, by relative path, with its bytes.</summary>
    Dictionary<string, byte[]> Snapshot() =>
        Directory.EnumerateFiles(_out, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(_out, f), File.ReadAllBytes);

    /// <summary>What a run killed part-way leaves: the finished feature files, no tables.</summary>
    void Interrupt(Func<string, bool> unfinished)
    {
        foreach (string f in Directory.EnumerateFiles(_out, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(f);
            bool feature = name.EndsWith(".npy", StringComparison.Ordinal) || name.StartsWith("feats.", StringComparison.Ordinal) && name.EndsWith(".ark", StringComparison.Ordinal);
            if (name == "feats_job.txt") continue;
            if (!feature || unfinished(name)) File.Delete(f);
        }
    }

    static void ShouldEqual(Dictionary<string, byte[]> actual, Dictionary<string, byte[]> expected)
    {
        actual.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (path, bytes) in expected) actual[path].Should().Equal(bytes, path);
    }

    [Theory]
    [InlineData(FeatureFormat.Npy, 1)]
    [InlineData(FeatureFormat.Ark, 1)]
    [InlineData(FeatureFormat.Ark, 2)]
    public void Run_AfterAnInterruptedRun_KeepsFinishedFilesAndEqualsAnUninterruptedRun(FeatureFormat format, int jobs)
    {
        var dir = Corpus();
        DataDirFeatureJob.Run(dir, _out, Options(format, jobs));
        var uninterrupted = Snapshot();
        // Keep the first two archives (2 + 3 utterances) or the first 7 .npy files.
        Interrupt(name => format == FeatureFormat.Ark
            ? name is not ("feats.1.ark" or "feats.2.ark")
            : string.CompareOrdinal(Path.GetFileNameWithoutExtension(name), "s1_u07") > 0);
        var log = new StringWriter();

        var summary = DataDirFeatureJob.Run(dir, _out, Options(format, jobs), log);

        summary.Kept.Should().Be(format == FeatureFormat.Ark ? 5 : 7);
        summary.Done.Should().Be(10);
        log.ToString().Should().Contain($"{summary.Kept} kept from an earlier run");
        ShouldEqual(Snapshot(), uninterrupted);
    }

    [Fact]
    public void Run_DamagedFilesOfAnEarlierRun_AreComputedAgain()
    {
        var dir = Corpus();
        DataDirFeatureJob.Run(dir, _out, Options(FeatureFormat.Npy));
        var uninterrupted = Snapshot();
        string npy = Path.Combine(_out, "npy", "s0_u00.npy");
        File.WriteAllBytes(npy, File.ReadAllBytes(npy)[..200]); // cut short: the header no longer matches the size
        File.WriteAllBytes(Path.Combine(_out, "npy", "s0_u03.npy"), NpyFile.Encode(new float[39 * 2], 2, 39)); // wrong width

        DataDirFeatureJob.Run(dir, _out, Options(FeatureFormat.Npy)).Kept.Should().Be(8);

        ShouldEqual(Snapshot(), uninterrupted);
    }

    [Fact]
    public void Run_ArchiveMissingAnUtterance_IsComputedAgain()
    {
        var dir = Corpus();
        DataDirFeatureJob.Run(dir, _out, Options(FeatureFormat.Ark));
        var uninterrupted = Snapshot();
        string ark = Path.Combine(_out, "data", "feats.2.ark");
        var entries = KaldiArk.Read(ark).Take(2).ToList(); // as if its third utterance had been skipped
        KaldiArk.Write(ark, entries);

        DataDirFeatureJob.Run(dir, _out, Options(FeatureFormat.Ark)).Kept.Should().Be(7, "archives 1, 3 and 4 (2 + 2 + 3 utterances) are whole");

        ShouldEqual(Snapshot(), uninterrupted);
    }

    [Fact]
    public void Run_OtherSettingsOrOverwrite_RecomputesEverything()
    {
        var dir = Corpus();
        DataDirFeatureJob.Run(dir, _out, Options(FeatureFormat.Npy));
        var log = new StringWriter();

        DataDirFeatureJob.Run(dir, _out, Options(FeatureFormat.Npy) with { LogMel = LogMelOptions.Kaldi(16000, 30) }, log).Kept.Should().Be(0);
        log.ToString().Should().Contain("other settings or inputs");
        NpyFile.Read(Path.Combine(_out, "npy", "s0_u00.npy")).Shape[1].Should().Be(30);

        DataDirFeatureJob.Run(dir, _out, Options(FeatureFormat.Npy) with { LogMel = LogMelOptions.Kaldi(16000, 30) }).Kept.Should().Be(10);
        DataDirFeatureJob.Run(dir, _out, Options(FeatureFormat.Npy) with { LogMel = LogMelOptions.Kaldi(16000, 30), Overwrite = true }).Kept.Should().Be(0);
    }

    [Fact]
    public void Run_AudioFileChangedInPlace_IsNotTakenFromTheEarlierRun()
    {
        var dir = Corpus(3);
        DataDirFeatureJob.Run(dir, _out, Options(FeatureFormat.Npy));
        _tmp.Tone("u1.wav", 3000, 0.5); // same path, new audio
        File.SetLastWriteTimeUtc(Path.Combine(_tmp.Root, "u1.wav"), DateTime.UtcNow.AddMinutes(1));

        DataDirFeatureJob.Run(dir, _out, Options(FeatureFormat.Npy)).Kept.Should().Be(0);

        NpyFile.Read(Path.Combine(_out, "npy", "s1_u01.npy")).Shape[0].Should().Be(48, "0.5 s of new audio");
    }

    [Fact]
    public void Run_CleanRerunAfterSkips_RemovesTheOldSkippedList()
    {
        var wav = new Dictionary<string, string> { ["a_1"] = _tmp.Tone("a.wav", 440, 0.3), ["a_2"] = _tmp.File("b.wav", "not audio") };
        var utt2spk = new Dictionary<string, string> { ["a_1"] = "a", ["a_2"] = "a" };
        DataDirFeatureJob.Run(KaldiDataDir.Create(wav, utt2spk), _out, Options(FeatureFormat.Npy) with { KeepGoing = true });
        File.Exists(Path.Combine(_out, "skipped.txt")).Should().BeTrue();
        _tmp.Tone("b.wav", 440, 0.3);

        DataDirFeatureJob.Run(KaldiDataDir.Create(wav, utt2spk), _out, Options(FeatureFormat.Npy) with { KeepGoing = true })
            .Skipped.Should().BeEmpty();

        File.Exists(Path.Combine(_out, "skipped.txt")).Should().BeFalse();
        KaldiScp.Read(Path.Combine(_out, "npy.scp")).Should().HaveCount(2);
    }

    [Fact]
    public void Run_TempFilesOfADeadProcess_AreSweptAndOthersKept()
    {
        Directory.CreateDirectory(Path.Combine(_out, "data"));
        int deadPid = DeadPid();
        string dead = Path.Combine(_out, "data", $"feats.1.ark.tmp-{TempFiles.Host}-{deadPid}-0123abcd");
        string live = Path.Combine(_out, "data", $"feats.2.ark.tmp-{TempFiles.Host}-{Environment.ProcessId}-0123abcd");
        string otherHost = Path.Combine(_out, $"feats.scp.tmp-someotherhost-{deadPid}-0123abcd");
        foreach (string f in new[] { dead, live, otherHost }) File.WriteAllText(f, "half");
        var log = new StringWriter();

        DataDirFeatureJob.Run(Corpus(2), _out, Options(FeatureFormat.Ark), log);

        File.Exists(dead).Should().BeFalse();
        File.Exists(live).Should().BeTrue("its writer (this process) is running");
        File.Exists(otherHost).Should().BeTrue("a process on another machine may still be writing it");
        log.ToString().Should().Contain("removed 1 temp file(s) that a killed run left");
    }

    /// <summary>The pid of a process that has exited.</summary>
    static int DeadPid()
    {
        using var p = System.Diagnostics.Process.Start("true")!;
        p.WaitForExit();
        return p.Id;
    }
}
