using System.Diagnostics;
using System.Globalization;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>Runs espeak-ng, the synthesiser behind the built-in corpora.</summary>
public static class Espeak
{
    /// <summary>Throws a message saying how to install espeak-ng when <paramref name="espeak"/> cannot be started.</summary>
    public static void Check(string espeak)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(espeak, "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            p!.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{espeak}' was not found: install the Debian package espeak-ng (scripts/setup.sh does). ({e.Message})", e);
        }
    }

    /// <summary>
    /// Speaks <paramref name="text"/> into the WAV <paramref name="wav"/> (espeak-ng's own rate, 22.05 kHz) with
    /// voice, rate (words per minute) and pitch (0-99); written under a temporary name and renamed.
    /// <paramref name="dataPath"/> is a private data folder (<see cref="EspeakVoiceBank"/>) for drawn voices.
    /// </summary>
    public static void Speak(string espeak, string voice, int rate, int pitch, string text, string wav, string? dataPath = null)
    {
        ArgumentNullException.ThrowIfNull(wav);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(wav))!);
        string tmp = wav + ".tmp-" + Environment.ProcessId + ".wav";
        var psi = new ProcessStartInfo(espeak) { RedirectStandardError = true, RedirectStandardOutput = true };
        if (dataPath is not null) psi.ArgumentList.Add("--path=" + dataPath);
        foreach (var a in new[] { "-v", voice, "-s", rate.ToString(CultureInfo.InvariantCulture),
                     "-p", pitch.ToString(CultureInfo.InvariantCulture), "-w", tmp, text })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 || !File.Exists(tmp))
        {
            if (File.Exists(tmp)) File.Delete(tmp);
            throw new InvalidOperationException($"espeak-ng failed for {wav} (voice {voice}, exit {p.ExitCode}): {err.Trim()}");
        }
        File.Move(tmp, wav, overwrite: true);
    }
}
