using System.Diagnostics;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

/// <summary>Makes tiny real-audio corpora for layout tests: espeak-ng speech converted with sox and flac.</summary>
internal static class CorpusSynth
{
    /// <summary>Speaks <paramref name="text"/> with espeak-ng and converts it with sox (e.g. "-r 16000 -b 16 -t sph").</summary>
    public static void Speak(string text, string voice, string outPath, params string[] soxOutputArgs)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        string raw = outPath + ".espeak.wav";
        Run("espeak-ng", "-v", voice, "-w", raw, text);
        Run("sox", [raw, .. soxOutputArgs, outPath]);
        File.Delete(raw);
    }

    /// <summary>Speaks into a 16-bit FLAC at <paramref name="rate"/> Hz (espeak-ng → sox WAV → flac).</summary>
    public static void SpeakFlac(string text, string voice, string flacPath, int rate)
    {
        string wav = flacPath + ".wav";
        Speak(text, voice, wav, "-r", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-b", "16");
        Run("flac", "--silent", "--force", "-o", flacPath, wav);
        File.Delete(wav);
    }

    public static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    static void Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({p.ExitCode}): {err}");
    }
}

/// <summary>A temp folder deleted with the test class.</summary>
public abstract class TempCorpus : IDisposable
{
    protected TempCorpus(string tag) => Root = Path.Combine(Path.GetTempPath(), $"sdt-{tag}-{Guid.NewGuid():N}");

    public string Root { get; }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }
}
