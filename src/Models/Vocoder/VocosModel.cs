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
/// STFT reaches the sample rate, which is why it is cheap on a CPU. With <see cref="VocosOptions.Discriminator"/> it
/// also holds the discriminators (<see cref="Discriminator"/>), so that checkpoints carry them and training resumes;
/// <see cref="forward"/> (synthesis) never runs them.
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

    /// <summary>Audio [B, (T − 1) · HopLength] from a raw (un-normalised) log-mel [B, NMels, T].</summary>
    public override Tensor forward(Tensor logMel)
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
        var audio = _head.Synthesize(parts[0], parts[1]);
        if (Spec.InputScale != 1.0) audio = audio / Spec.InputScale;
        return audio.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _head.Dispose();
        base.Dispose(disposing);
    }
}
