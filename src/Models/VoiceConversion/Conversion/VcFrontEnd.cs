using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.VoiceConversion.Data;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Conversion;

/// <summary>
/// Audio in and out of the VC models: the `slaney` log-mel front end (the preset the models are trained on) and
/// a Griffin-Lim vocoder that inverts exactly that front end.
/// </summary>
public sealed class VcFrontEnd : IDisposable
{
    private readonly LogMelExtractor _extractor;

    public VcFrontEnd(int nMels = 80, GriffinLimOptions? vocoder = null)
    {
        Options = LogMelOptions.Slaney(16000, nMels);
        _extractor = new LogMelExtractor(Options);
        Vocoder = new GriffinLimVocoder(MelSpecBridge.FromLogMelOptions(Options), vocoder);
    }

    public LogMelOptions Options { get; }
    public IVocoder Vocoder { get; }

    /// <summary>Log-mel of an audio file (any format AudioReader reads; resampled to 16 kHz, mixed to mono).</summary>
    public SpeechUtterance Read(string path, string speaker = "")
    {
        var audio = AudioReader.Read(path, new AudioReadOptions { TargetSampleRate = Options.SampleRate });
        var samples = audio.ToMono();
        if (samples.Length < Options.FrameLength)
            throw new InvalidDataException($"{path}: {samples.Length} samples is too short for one {Options.FrameLength}-sample frame");
        var feats = _extractor.Compute(samples);
        return new SpeechUtterance(Path.GetFileNameWithoutExtension(path), speaker, "", feats, feats.Length / _extractor.NumBins, _extractor.NumBins);
    }

    /// <summary>Griffin-Lim audio of a raw (un-normalised) log-mel [Bins, T]; peaks above 0.99 are scaled down.</summary>
    public AudioData Synthesize(Tensor logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        using var scope = NewDisposeScope();
        var samples = Vocoder.Synthesize(logMel.to(ScalarType.Float32)).to(CPU).data<float>().ToArray();
        float peak = samples.Length == 0 ? 0 : samples.Max(MathF.Abs);
        if (peak > 0.99f) for (int i = 0; i < samples.Length; i++) samples[i] *= 0.99f / peak;
        return AudioData.Mono(samples, Options.SampleRate);
    }

    /// <summary>Synthesises and writes a 16-bit WAV atomically.</summary>
    public void WriteWav(string path, Tensor logMel) => WavWriter.Write(path, Synthesize(logMel));

    public void Dispose() => Vocoder.Dispose();
}
