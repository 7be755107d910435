using System.Diagnostics;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Tests.Pipeline;

namespace SpeechDisentangle.Audio.Tests.Common;

public sealed class TempFilesTests : IDisposable
{
    readonly TempAudioFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    string TempName(string final, int pid, string host) => Path.Combine(_tmp.Root, $"{final}.tmp-{host}-{pid}-89abcdef");

    [Fact]
    public void SweepStale_PidNowHeldByAProcessStartedLater_CountsAsDead()
    {
        using var sleeper = Process.Start("sleep", "30")!;
        try
        {
            string old = TempName("a.npy", sleeper.Id, TempFiles.Host);
            string recent = TempName("b.npy", sleeper.Id, TempFiles.Host);
            File.WriteAllText(old, "x");
            File.WriteAllText(recent, "x");
            File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-1)); // written before that process started

            TempFiles.SweepStale(_tmp.Root).Should().Equal(old);

            File.Exists(recent).Should().BeTrue("the running process may be writing it");
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public void SweepStale_FilesThatAreNotTempFiles_AreLeftAlone()
    {
        string[] others = [Path.Combine(_tmp.Root, "notes.tmp-x"), Path.Combine(_tmp.Root, "a.npy"), TempName("c.npy", 999_999_999, TempFiles.Host) + "z"];
        foreach (string f in others) File.WriteAllText(f, "x");

        TempFiles.SweepStale(_tmp.Root).Should().BeEmpty();
        others.Should().OnlyContain(f => File.Exists(f));
    }

    [Fact]
    public void AtomicWrite_RenameOntoAFolder_FailsAndDeletesItsTemp()
    {
        string folder = Path.Combine(_tmp.Root, "adir");
        Directory.CreateDirectory(folder);

        var act = () => AtomicFile.WriteAllText(folder, "text");

        act.Should().Throw<IOException>();
        Directory.GetFiles(_tmp.Root).Should().BeEmpty();
    }

    [Fact]
    public void NpyStreamWriter_CompleteOntoAFolder_FailsAndDeletesItsTemp()
    {
        string folder = Path.Combine(_tmp.Root, "adir");
        Directory.CreateDirectory(folder);
        using var writer = new NpyStreamWriter(folder, 2);
        writer.Append([1f, 2f]);

        var act = writer.Complete;

        act.Should().Throw<IOException>();
        Directory.GetFiles(_tmp.Root).Should().BeEmpty("the temp is deleted when the rename fails");
    }
}
