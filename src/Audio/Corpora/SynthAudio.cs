using System.Diagnostics;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>espeak-ng speech as 16 kHz samples, and the file formats the synthetic LibriSpeech and TIMIT layouts need.</summary>
public static class SynthAudio
{
    /// <summary>Sample rate of LibriSpeech and TIMIT audio.</summary>
    public const int SampleRate = 16000;

    /// <summary>Speaks <paramref name="text"/> and returns it resampled to 16 kHz (the temporary WAV beside <paramref name="scratch"/> is removed).</summary>
    public static float[] Speak(string espeak, string voice, int rate, int pitch, string text, string scratch, string? dataPath = null)
    {
        string wav = scratch + ".espeak.wav";
        try
        {
            Espeak.Speak(espeak, voice, rate, pitch, text, wav, dataPath);
            return AudioReader.Read(wav, new AudioReadOptions { TargetSampleRate = SampleRate }).ToMono();
        }
        finally
        {
            if (File.Exists(wav)) File.Delete(wav);
        }
    }

    /// <summary>
    /// Adds a faint noise floor (uniform, +-1e-3 of full scale), as in a real recording: espeak-ng's digital silence
    /// gives log-mel frames at the floor of the log, whose share of an utterance then swamps its pooled statistics.
    /// </summary>
    public static float[] AddNoiseFloor(IEnumerable<float> samples, int seed)
    {
        var noise = new Random(seed);
        return [.. samples.Select(x => x + (float)((noise.NextDouble() - 0.5) * 2e-3))];
    }

    /// <summary>A seed that depends only on <paramref name="name"/> (FNV-1a; string.GetHashCode changes between runs).</summary>
    public static int SeedOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        uint h = 2166136261;
        foreach (char c in name) h = (h ^ c) * 16777619;
        return (int)(h & int.MaxValue);
    }

    /// <summary>
    /// Removes leading and trailing near-silence: keeps from the first to the last 10 ms block whose peak is above
    /// 2 % of the utterance's peak (espeak-ng pads words with silence, which would blur word boundaries).
    /// </summary>
    public static float[] TrimSilence(float[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        const int block = SampleRate / 100;
        float peak = samples.Length == 0 ? 0 : samples.Max(MathF.Abs);
        if (peak == 0) return samples;
        bool Loud(int b)
        {
            for (int i = b * block; i < Math.Min(samples.Length, (b + 1) * block); i++)
                if (MathF.Abs(samples[i]) > 0.02f * peak) return true;
            return false;
        }
        int blocks = (samples.Length + block - 1) / block, first = 0, last = blocks - 1;
        while (first < last && !Loud(first)) first++;
        while (last > first && !Loud(last)) last--;
        int start = first * block, end = Math.Min(samples.Length, (last + 1) * block);
        return samples[start..end];
    }

    /// <summary>Writes 16-bit FLAC with the flac encoder (via a temporary WAV; the FLAC is renamed into place).</summary>
    public static void WriteFlac(string path, float[] samples)
    {
        ArgumentNullException.ThrowIfNull(path);
        string wav = path + ".tmp.wav", tmp = path + ".tmp.flac";
        try
        {
            WavWriter.Write(wav, AudioData.Mono(samples, SampleRate));
            Run("flac", "--silent", "--force", "-o", tmp, wav);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(wav)) File.Delete(wav);
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    static void Run(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{program}' was not found: install the Debian package {program} (scripts/setup.sh does). ({e.Message})", e);
        }
        using (p)
        {
            string err = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed (exit {p.ExitCode}): {err.Trim()}");
        }
    }
}
