using System.Diagnostics;
using System.Text;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Cli.Tests;

/// <summary>
/// Runs the real `sdt features compute --data-dir` as a process, stops it with a signal at about 80%, and checks what
/// is left and that a rerun finishes the job with the same bytes as an uninterrupted run. Each wav.scp entry is a pipe
/// that sleeps a little, so the job is mid-run when the signal comes whatever the speed of the machine.
/// </summary>
[Collection("cli")]
public sealed class FeaturesInterruptTests : IDisposable
{
    const int Utterances = 40;
    const int PerArchive = 4;
    readonly string _dir = Path.Combine(Path.GetTempPath(), "sdt-kill-" + Guid.NewGuid().ToString("N"));
    readonly string _data;
    readonly string _out;

    public FeaturesInterruptTests()
    {
        _data = Path.Combine(_dir, "data");
        _out = Path.Combine(_dir, "feats");
        Directory.CreateDirectory(_data);
        var wav = new StringBuilder();
        var utt2spk = new StringBuilder();
        for (int i = 0; i < Utterances; i++)
        {
            string path = Path.Combine(_dir, $"u{i:D2}.wav");
            var samples = Enumerable.Range(0, 4000 + (37 * i)).Select(t => (float)(0.3 * Math.Sin(t * (0.05 + (0.001 * i))))).ToArray();
            WavWriter.Write(path, AudioData.Mono(samples, 16000));
            wav.Append($"s{i % 4}_u{i:D2} sleep 0.03; cat {path} |\n");
            utt2spk.Append($"s{i % 4}_u{i:D2} s{i % 4}\n");
        }
        File.WriteAllText(Path.Combine(_data, "wav.scp"), Sorted(wav));
        File.WriteAllText(Path.Combine(_data, "utt2spk"), Sorted(utt2spk));
        File.WriteAllText(Path.Combine(_data, "spk2utt"), string.Concat(Enumerable.Range(0, 4).Select(s =>
            $"s{s} {string.Join(' ', Enumerable.Range(0, Utterances).Where(i => i % 4 == s).Select(i => $"s{s}_u{i:D2}"))}\n")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static string Sorted(StringBuilder lines) =>
        string.Concat(lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).Select(l => l + "\n"));

    string[] Args(string format) =>
        ["features", "compute", "--data-dir", _data, "--out-dir", _out, "--allow-pipes", "--format", format, "--utts-per-ark", PerArchive.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>Feature files renamed into place so far (not temps).</summary>
    int Finished(string format) => !Directory.Exists(_out) ? 0 : format == "npy"
        ? Directory.Exists(Path.Combine(_out, "npy")) ? Directory.GetFiles(Path.Combine(_out, "npy"), "*.npy").Length : 0
        : Directory.Exists(Path.Combine(_out, "data")) ? Directory.GetFiles(Path.Combine(_out, "data"), "feats.*.ark").Length : 0;

    string[] TempFiles() => Directory.Exists(_out) ? Directory.GetFiles(_out, "*.tmp-*", SearchOption.AllDirectories) : [];

    Dictionary<string, byte[]> Snapshot() =>
        Directory.EnumerateFiles(_out, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(_out, f), File.ReadAllBytes);

    [Theory]
    [InlineData("KILL", "npy", 137)]
    [InlineData("KILL", "ark", 137)]
    [InlineData("TERM", "ark", 143)]
    public void Compute_StoppedAt80Percent_LeavesNoHalfFileAndARerunEqualsAnUninterruptedRun(string signal, string format, int exitCode) =>
        StopAt80PercentThenRerun(signal, format, exitCode);

    [SigIntFact]
    public void Compute_CtrlCAt80Percent_LeavesNoHalfFileAndARerunEqualsAnUninterruptedRun() =>
        StopAt80PercentThenRerun("INT", "npy", 130);

    void StopAt80PercentThenRerun(string signal, string format, int exitCode)
    {
        int total = format == "npy" ? Utterances : Utterances / PerArchive;
        int target = total * 8 / 10;
        using (var run = SdtProcess.Start(Args(format)))
        {
            while (Finished(format) < target && !run.Process.HasExited) Thread.Sleep(10);
            run.Process.HasExited.Should().BeFalse("the job must still be running at 80% for this test to mean anything");
            SdtProcess.Signal(run.Process.Id, signal);
            run.WaitForExit().Should().Be(exitCode, run.Output);
            if (signal != "KILL")
            {
                TempFiles().Should().BeEmpty("SIG{0} removes the temp files of the running job", signal);
                run.Output.Should().Contain($"stopped by SIG{signal}");
            }
        }
        int finished = Finished(format);
        finished.Should().BeGreaterThanOrEqualTo(target).And.BeLessThan(total);

        using (var rerun = SdtProcess.Start(Args(format)))
        {
            rerun.WaitForExit().Should().Be(0, rerun.Output);
            int keptUtterances = format == "npy" ? finished : finished * PerArchive;
            rerun.Output.Should().Contain($"{Utterances} utterances done").And.Contain($"{keptUtterances} kept from an earlier run");
        }
        TempFiles().Should().BeEmpty("the rerun sweeps the temp files a killed process left");
        var resumed = Snapshot();

        Directory.Delete(_out, recursive: true);
        using (var whole = SdtProcess.Start(Args(format))) whole.WaitForExit().Should().Be(0, whole.Output);
        var uninterrupted = Snapshot();
        resumed.Keys.Should().BeEquivalentTo(uninterrupted.Keys);
        foreach (var (path, bytes) in uninterrupted) resumed[path].Should().Equal(bytes, path);
    }
}

/// <summary>
/// A fact skipped when this process ignores SIGINT (as a job started in the background of a script does): the sdt
/// it starts inherits that, and Unix programs rightly keep an inherited SIGINT ignored.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SigIntFactAttribute : FactAttribute
{
    public SigIntFactAttribute()
    {
        string? ignored = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (ignored != null && (Convert.ToUInt64(ignored[7..].Trim(), 16) & (1UL << 1)) != 0)
            Skip = "SIGINT is ignored by this process (started in the background of a script), so sdt would inherit that";
    }
}
