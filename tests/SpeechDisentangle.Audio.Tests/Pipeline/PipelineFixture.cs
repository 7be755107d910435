using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Tests.Pipeline;

/// <summary>A temp folder with small WAVs (tones) for pipeline tests; deleted afterwards.</summary>
public sealed class TempAudioFolder : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sdt-pipe-" + Guid.NewGuid().ToString("N"));

    public TempAudioFolder() => Directory.CreateDirectory(Root);

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    /// <summary>Writes a tone of <paramref name="seconds"/> at <paramref name="rate"/> Hz, with <paramref name="channels"/> channels.</summary>
    public string Tone(string name, double hz, double seconds, int rate = 16000, int channels = 1)
    {
        int n = (int)(seconds * rate);
        var chans = Enumerable.Range(0, channels).Select(c =>
            Enumerable.Range(0, n).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * hz * (c + 1) * i / rate))).ToArray()).ToList();
        string path = Path.Combine(Root, name);
        WavWriter.Write(path, new AudioData(chans, rate, path));
        return path;
    }

    /// <summary>Writes mono <paramref name="samples"/> at 16 kHz as 32-bit float (which can hold NaN).</summary>
    public string FloatWav(string name, float[] samples)
    {
        string path = Path.Combine(Root, name);
        WavWriter.Write(path, AudioData.Mono(samples, 16000, path), WavSampleFormat.Float32);
        return path;
    }

    public string File(string name, string content)
    {
        string path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }
}
