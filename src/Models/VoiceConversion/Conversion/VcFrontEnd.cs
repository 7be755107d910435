using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.VoiceConversion.Data;
using SpeechDisentangle.Models.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Conversion;

/// <summary>
/// Audio in and out of the VC models: the `slaney` log-mel front end (the preset the models are trained on),
/// a Griffin-Lim vocoder that inverts exactly that front end and, when given, a trained neural vocoder of it.
/// </summary>
public sealed class VcFrontEnd : IDisposable
{
    private readonly LogMelExtractor _extractor;

    /// <param name="vocoder">`griffin-lim` (or null) or a `sdt train vocoder` checkpoint, which then voices
    /// <see cref="Synthesize(Tensor)"/>; it must invert this front end's mel.</param>
    /// <param name="vocoderOverrides">`KEY=VALUE` settings on top of the vocoder checkpoint's config (`--vocoder-set`).</param>
    public VcFrontEnd(int nMels = 80, GriffinLimOptions? griffinLim = null, string? vocoder = null, IEnumerable<string>? vocoderOverrides = null)
    {
        Options = LogMelOptions.Slaney(16000, nMels);
        _extractor = new LogMelExtractor(Options);
        var spec = MelSpecBridge.FromLogMelOptions(Options);
        var griffinLimVocoder = new GriffinLimVocoder(spec, griffinLim);
        try
        {
            Neural = VocoderChoice.IsGriffinLim(vocoder) ? null : VocoderChoice.Load(vocoder!, spec, overrides: vocoderOverrides);
        }
        catch
        {
            griffinLimVocoder.Dispose();   // the constructor throws, so no caller can dispose it
            throw;
        }
        GriffinLim = griffinLimVocoder;
    }

    public LogMelOptions Options { get; }

    /// <summary>The vocoder of <see cref="Synthesize(Tensor)"/>: the neural one when given, else Griffin-Lim.</summary>
    public IVocoder Vocoder => Neural ?? GriffinLim;

    public IVocoder GriffinLim { get; }

    /// <summary>The trained vocoder given to the constructor, or null.</summary>
    public IVocoder? Neural { get; }

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

    /// <summary><see cref="Vocoder"/>'s audio of a raw (un-normalised) log-mel [Bins, T]; peaks above 0.99 are scaled down.</summary>
    public AudioData Synthesize(Tensor logMel) => Synthesize(logMel, Vocoder);

    /// <summary>Audio of a raw (un-normalised) log-mel [Bins, T] by <paramref name="vocoder"/>; peaks above 0.99 are scaled down.</summary>
    public AudioData Synthesize(Tensor logMel, IVocoder vocoder)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        ArgumentNullException.ThrowIfNull(vocoder);
        using var scope = NewDisposeScope();
        var samples = vocoder.Synthesize(logMel.to(ScalarType.Float32)).to(CPU).data<float>().ToArray();
        float peak = samples.Length == 0 ? 0 : samples.Max(MathF.Abs);
        if (peak > 0.99f) for (int i = 0; i < samples.Length; i++) samples[i] *= 0.99f / peak;
        return AudioData.Mono(samples, Options.SampleRate);
    }

    /// <summary>Synthesises and writes a 16-bit WAV atomically.</summary>
    public void WriteWav(string path, Tensor logMel, IVocoder? vocoder = null) => WavWriter.Write(path, Synthesize(logMel, vocoder ?? Vocoder));

    public void Dispose()
    {
        GriffinLim.Dispose();
        Neural?.Dispose();
    }
}
