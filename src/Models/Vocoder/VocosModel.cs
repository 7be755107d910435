using SpeechDisentangle.Common;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Vocoder.Discriminators;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// The Vocos-style vocoder network: raw log-mel [B, NMels, T] -> normalise -> conv embedding -> LayerNorm ->
/// ConvNeXt blocks -> LayerNorm -> linear to (log-magnitude, phase) per STFT bin -> <see cref="IstftHead"/> -> audio
/// [B, (T − 1) · HopLength] on the scale the front end read. Every layer works at the frame rate; only the inverse
/// STFT reaches the sample rate, which is why it is cheap on a CPU. With <see cref="VocosOptions.MagnitudeResidual"/>
/// the log-magnitude is a correction of the mel's own inversion. <see cref="forward"/> is the network alone (what
/// training optimises); <see cref="Synthesize"/> adds the optional phase refinement. With
/// <see cref="VocosOptions.Discriminator"/> it also holds the discriminators (<see cref="Discriminator"/>), so that
/// checkpoints carry them and training resumes; neither forward nor Synthesize runs them.
/// </summary>
public sealed class VocosModel : Module<Tensor, Tensor>
{
    private readonly Conv1d _embed;
    private readonly LayerNorm _inputNorm;
    private readonly ModuleList<ConvNeXtBlock> _blocks;
    private readonly LayerNorm _outputNorm;
    private readonly Linear _toSpectrum;
    private readonly IstftHead _head;
    private readonly VocoderDiscriminator? _discriminator;
    private readonly MelInversion? _melInversion;  // only when an option needs the mel's inversion

    public VocosModel(VocosOptions options) : base(nameof(VocosModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Spec = SpecFor(options.NMels);
        _embed = Conv1d(options.NMels, options.Channels, options.KernelSize, padding: options.KernelSize / 2);
        _inputNorm = LayerNorm(options.Channels, eps: 1e-6);
        double initialScale = options.Blocks == 0 ? 1.0 : 1.0 / options.Blocks;
        _blocks = new ModuleList<ConvNeXtBlock>([.. Enumerable.Range(0, options.Blocks)
            .Select(_ => new ConvNeXtBlock(options.Channels, options.IntermediateChannels, options.KernelSize, initialScale))]);
        _outputNorm = LayerNorm(options.Channels, eps: 1e-6);
        _toSpectrum = Linear(options.Channels, 2L * Spec.FrequencyBins);
        _head = new IstftHead(Spec);
        if (options.MagnitudeResidual || options.PhaseRefinementIterations > 0) _melInversion = new MelInversion(Spec);
        if (options.MagnitudeResidual)
        {
            using var _ = no_grad();
            using var weight = _toSpectrum.weight!.narrow(0, 0, Spec.FrequencyBins);
            using var bias = _toSpectrum.bias!.narrow(0, 0, Spec.FrequencyBins);
            weight.zero_();
            bias.zero_();
        }
        _discriminator = options.Discriminator == VocoderDiscriminatorKind.None ? null : new VocoderDiscriminator(options);
        RegisterComponents();
    }

    /// <summary>The discriminators, or null when <see cref="VocosOptions.Discriminator"/> is none.</summary>
    public VocoderDiscriminator? Discriminator => _discriminator;

    /// <summary>Every parameter of the generator (what synthesis uses): all but the discriminators'.</summary>
    public IEnumerable<Parameter> GeneratorParameters() =>
        new Module[] { _embed, _inputNorm, _blocks, _outputNorm, _toSpectrum }.SelectMany(m => m.parameters());

    /// <summary>The discriminators' parameters (none without them).</summary>
    public IEnumerable<Parameter> DiscriminatorParameters() => _discriminator?.parameters() ?? [];

    public VocosOptions Options { get; }

    /// <summary>The front end this model inverts.</summary>
    public MelSpec Spec { get; }

    /// <summary>The VC models' mel front end with <paramref name="nMels"/> bands: the `slaney` preset at 16 kHz.</summary>
    public static MelSpec SpecFor(int nMels) => MelSpecBridge.FromLogMelOptions(LogMelOptions.Slaney(16000, nMels));

    /// <summary>Audio [B, (T − 1) · HopLength] from a raw (un-normalised) log-mel [B, NMels, T]: the network alone, as training sees it.</summary>
    public override Tensor forward(Tensor logMel)
    {
        using var scope = NewDisposeScope();
        var (logMagnitude, phase) = Spectrum(logMel);
        return ToFrontEndScale(_head.Synthesize(logMagnitude, phase)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Audio for listening: <see cref="forward"/>, or with <see cref="VocosOptions.PhaseRefinementIterations"/> the
    /// network's audio made to agree with the mel it was given: the magnitude of its STFT is fitted to the mel (the
    /// least-squares updates Griffin-Lim's inversion uses, started from the network's magnitude, so the detail the mel
    /// does not decide stays the network's), then fast Griffin-Lim iterations start from the network's phase. No gradients.
    /// </summary>
    public Tensor Synthesize(Tensor logMel)
    {
        using var _ = no_grad();
        var audio = forward(logMel);
        // Too short for the reflect-padded analysis (at most half an FFT of audio): the network's audio as it is.
        if (Options.PhaseRefinementIterations == 0 || audio.shape[^1] <= Spec.NFft / 2) return audio;
        try
        {
            using var scope = NewDisposeScope();
            var window = _head.Window.to(audio.device);
            var scaled = Spec.InputScale != 1.0 ? audio * Spec.InputScale : audio;
            var spectrum = FrontEndStft.Analyse(scaled, Spec, window);
            var magnitude = spectrum.abs();
            var angles = spectrum / (magnitude + 1e-16);
            var fitted = _melInversion!.FitToMel(magnitude, logMel, Options.PhaseRefinementNnlsIterations);
            var refined = FastGriffinLim.Synthesize(fitted, angles, Spec, window, Options.PhaseRefinementIterations, momentum: 0.99);
            return ToFrontEndScale(refined).MoveToOuterDisposeScope();
        }
        finally
        {
            audio.Dispose();
        }
    }

    /// <summary>Log-magnitude and phase [B, FrequencyBins, T] of the STFT the network predicts for a raw log-mel [B, NMels, T].</summary>
    public (Tensor LogMagnitude, Tensor Phase) Spectrum(Tensor logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        if (logMel.dim() != 3 || logMel.shape[1] != Options.NMels)
            throw new ArgumentException($"vocoder input must be a log-mel [B, {Options.NMels}, T], got [{string.Join(", ", logMel.shape)}]");
        using var scope = NewDisposeScope();
        var x = (logMel - Options.FeatureOffset) / Options.FeatureScale;
        var h = _inputNorm.call(_embed.call(x).transpose(1, 2)).transpose(1, 2);
        foreach (var block in _blocks) h = block.call(h);
        var spectrum = _toSpectrum.call(_outputNorm.call(h.transpose(1, 2))).transpose(1, 2);  // [B, 2F, T]
        var parts = spectrum.chunk(2, 1);
        var logMagnitude = parts[0];
        if (Options.MagnitudeResidual)
        {
            using var prior = _melInversion!.LinearMagnitude(logMel, Options.MagnitudeResidualNnlsIterations);
            logMagnitude = logMagnitude + prior.clamp_min(MagnitudeFloor).log();
        }
        return (logMagnitude.MoveToOuterDisposeScope(), parts[1].MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Floor of the mel inversion before its log: bins the inversion leaves at zero start there, not at −∞. Absolute,
    /// as is the head's log-magnitude ceiling: both suit the VC front end's scale (<see cref="SpecFor"/>, input scale 1).
    /// </summary>
    private const double MagnitudeFloor = 1e-5;

    private Tensor ToFrontEndScale(Tensor audio) => Spec.InputScale != 1.0 ? audio / Spec.InputScale : audio;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _head.Dispose();
            _melInversion?.Dispose();
        }
        base.Dispose(disposing);
    }
}
