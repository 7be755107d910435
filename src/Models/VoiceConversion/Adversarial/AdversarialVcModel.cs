using SpeechDisentangle.Common;
using SpeechDisentangle.Models.VoiceConversion.Common;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.Adversarial;

/// <summary>
/// Multi-target VC by adversarially disentangled codes (Chou et al. 2018, stage one): an encoder maps log-mel to a
/// content code, a decoder rebuilds log-mel from the code and a speaker id, and a speaker classifier on the code is
/// the adversary. forward(mel [B, NMels, T], speakers [B]) = decode(encode(mel), speakers), plus the GAN patcher's
/// residual patch(encode(mel), speakers) when <see cref="AdversarialVcOptions.Patcher"/> is on (stage two).
/// </summary>
public sealed class AdversarialVcModel : Module<Tensor, Tensor, Tensor>
{
    private readonly ContentEncoder _encoder;
    private readonly SpeakerConditionedDecoder _decoder;
    private readonly CodeSpeakerClassifier _classifier;
    private readonly SpeakerConditionedDecoder? _patcher;
    private readonly MelDiscriminator? _discriminator;

    public AdversarialVcModel(AdversarialVcOptions options) : base(nameof(AdversarialVcModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _encoder = new ContentEncoder(options);
        _decoder = new SpeakerConditionedDecoder(options);
        _classifier = new CodeSpeakerClassifier(options);
        // Registered only in stage two, so stage-one checkpoints keep loading as they are.
        if (options.Patcher)
        {
            _patcher = new SpeakerConditionedDecoder(options);
            _discriminator = new MelDiscriminator(options);
        }
        RegisterComponents();
        _patcher?.ZeroOutput();
    }

    public AdversarialVcOptions Options { get; }

    /// <summary>Encoder and decoder parameters (the "autoencoder" optimizer's).</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> AutoencoderParameters() =>
        _encoder.parameters().Concat(_decoder.parameters());

    /// <summary>Speaker-classifier parameters (the "classifier" optimizer's).</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> ClassifierParameters() => _classifier.parameters();

    /// <summary>GAN patcher parameters (the "patcher" optimizer's); stage two only.</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> PatcherParameters() => StageTwo(_patcher).parameters();

    /// <summary>Patcher discriminator parameters (the "discriminator" optimizer's); stage two only.</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> DiscriminatorParameters() => StageTwo(_discriminator).parameters();

    /// <summary>Content code [B, CodeChannels, T] of log-mel [B, NMels, T].</summary>
    public Tensor Encode(Tensor mel) => _encoder.call(CheckMel(mel));

    /// <summary>Log-mel [B, NMels, T] from a content code and int64 speaker ids [B].</summary>
    public Tensor Decode(Tensor code, Tensor speakers) => _decoder.call(code, CheckSpeakers(speakers, code.shape[0]));

    /// <summary>Speaker logits [B, Speakers] from a content code.</summary>
    public Tensor ClassifySpeaker(Tensor code) => _classifier.call(code);

    /// <summary>The patcher's residual [B, NMels, T] for a content code and target speakers; stage two only.</summary>
    public Tensor Patch(Tensor code, Tensor speakers) => StageTwo(_patcher).call(code, CheckSpeakers(speakers, code.shape[0]));

    /// <summary>The patcher discriminator's realness logits [B] and speaker logits [B, Speakers]; stage two only.</summary>
    public (Tensor Realness, Tensor Speaker) Discriminate(Tensor mel) => StageTwo(_discriminator).call(CheckMel(mel));

    public override Tensor forward(Tensor mel, Tensor speakers)
    {
        using var scope = NewDisposeScope();
        var code = Encode(mel);
        var decoded = Decode(code, speakers);
        return (_patcher is null ? decoded : decoded + Patch(code, speakers)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Converts source log-mel [NMels, T] or [B, NMels, T] to the voice of <paramref name="targetSpeaker"/> (a training
    /// speaker id). Runs in eval mode without gradients and restores the previous mode.
    /// </summary>
    public Tensor Convert(Tensor sourceMel, long targetSpeaker)
    {
        if (targetSpeaker < 0 || targetSpeaker >= Options.Speakers)
            throw new ArgumentOutOfRangeException(nameof(targetSpeaker), targetSpeaker, $"must be in 0..{Options.Speakers - 1}");
        var wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var batched = sourceMel.dim() == 2 ? sourceMel.unsqueeze(0) : sourceMel;
            var ids = full(batched.shape[0], targetSpeaker, dtype: ScalarType.Int64, device: batched.device);
            var converted = forward(batched, ids);
            return (sourceMel.dim() == 2 ? converted.squeeze(0) : converted).MoveToOuterDisposeScope();
        }
        finally
        {
            train(wasTraining);
        }
    }

    private static T StageTwo<T>(T? module) where T : class =>
        module ?? throw new InvalidOperationException("this model has no GAN patcher (model_options.patcher is false)");

    private Tensor CheckMel(Tensor mel)
    {
        if (mel.dim() != 3 || mel.shape[1] != Options.NMels)
            throw new ArgumentException(
                $"'{VcBatchKeys.Mel}' must be [B, NMels={Options.NMels}, T] (channels-first), got [{string.Join(", ", mel.shape)}]");
        return mel;
    }

    private Tensor CheckSpeakers(Tensor speakers, long batch)
    {
        if (speakers.dim() != 1 || speakers.shape[0] != batch || speakers.dtype != ScalarType.Int64)
            throw new ArgumentException(
                $"'{VcBatchKeys.Speaker}' must be int64 [B={batch}], got {speakers.dtype} [{string.Join(", ", speakers.shape)}]");
        return speakers;
    }
}
