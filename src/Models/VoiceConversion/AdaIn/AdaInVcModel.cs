using SpeechDisentangle.Common;
using SpeechDisentangle.Models.VoiceConversion.Common;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>
/// One-shot VC by instance normalisation (AdaIN-VC, Chou et al. 2019): a content encoder with instance norm, a
/// speaker encoder pooled over time and an AdaIN decoder. forward(source [B, NMels, T], reference [B, NMels, T'])
/// decodes the source's content (the code mean, no sampling) in the reference's voice.
/// </summary>
public sealed class AdaInVcModel : Module<Tensor, Tensor, Tensor>
{
    private readonly InstanceNormContentEncoder _contentEncoder;
    private readonly SpeakerEncoder _speakerEncoder;
    private readonly AdaInDecoder _decoder;
    private readonly MelPatchDiscriminator? _discriminator;

    public AdaInVcModel(AdaInVcOptions options) : base(nameof(AdaInVcModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _contentEncoder = new InstanceNormContentEncoder(options);
        _speakerEncoder = new SpeakerEncoder(options);
        _decoder = new AdaInDecoder(options);
        // Registered only with the adversarial term, so checkpoints without it keep loading as they are.
        if (options.Adversarial) _discriminator = new MelPatchDiscriminator(options.DiscriminatorChannels);
        RegisterComponents();
    }

    public AdaInVcOptions Options { get; }

    /// <summary>The converter's parameters: content encoder, speaker encoder and decoder (the "main" optimizer's).</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> ConverterParameters() =>
        _contentEncoder.parameters().Concat(_speakerEncoder.parameters()).Concat(_decoder.parameters());

    /// <summary>The discriminator's parameters (the "discriminator" optimizer's); none without the adversarial term.</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> DiscriminatorParameters() =>
        _discriminator?.parameters() ?? [];

    /// <summary>The discriminator's patch scores and hidden activations for log-mel [B, NMels, T]
    /// (<see cref="MelPatchDiscriminator"/>); training only, and only with <see cref="AdaInVcOptions.AdversarialWeight"/> set.</summary>
    public (Tensor Scores, IReadOnlyList<Tensor> Features) Discriminate(Tensor mel) =>
        (_discriminator ?? throw new InvalidOperationException("this AdaIN-VC model has no discriminator (model_options.adversarial_weight is 0)"))
        .call(CheckMel(mel, VcBatchKeys.Mel));

    /// <summary>Content code of log-mel [B, NMels, T]: mean (zero mean, unit variance per channel over time) and
    /// log-variance, each [B, ContentChannels, ceil(T / ContentDownsample)] (the input is padded at the end by
    /// repeating its last frame).</summary>
    public (Tensor Mean, Tensor LogVariance) EncodeContent(Tensor mel)
    {
        CheckMel(mel, VcBatchKeys.Mel);
        var factor = Options.ContentDownsample;
        var pad = (int)((factor - (mel.shape[2] % factor)) % factor);
        if (pad == 0) return _contentEncoder.call(mel);
        return _contentEncoder.call(nn.functional.pad(mel, [0, pad], PaddingModes.Replicate));
    }

    /// <summary>Speaker embedding [B, SpeakerEmbedding] of a reference log-mel [B, NMels, T'].</summary>
    public Tensor EncodeSpeaker(Tensor referenceMel) => _speakerEncoder.call(CheckMel(referenceMel, VcBatchKeys.ReferenceMel));

    /// <summary>Log-mel [B, NMels, T · ContentDownsample] from a content code [B, ContentChannels, T] and a speaker
    /// embedding, cut to the first <paramref name="frames"/> frames when given (undoing EncodeContent's padding).</summary>
    public Tensor Decode(Tensor content, Tensor speaker, long? frames = null)
    {
        var mel = _decoder.call(content, speaker);
        return frames is long n && n < mel.shape[2] ? mel.narrow(2, 0, n) : mel;
    }

    public override Tensor forward(Tensor source, Tensor reference)
    {
        using var scope = NewDisposeScope();
        return DecodeIn(source, EncodeSpeaker(reference)).MoveToOuterDisposeScope();
    }

    // The source's content (the code mean) decoded with a speaker embedding, at the source's length.
    private Tensor DecodeIn(Tensor source, Tensor speaker) => Decode(EncodeContent(source).Mean, speaker, source.shape[2]);

    /// <summary>
    /// The speaker embedding [B, SpeakerEmbedding] that conversion uses for a reference log-mel [B, NMels, T']: the
    /// speaker encoder's, refined by <see cref="AdaptSpeaker"/> when <see cref="AdaInVcOptions.SpeakerAdaptSteps"/>
    /// is set. Returned without gradient.
    /// </summary>
    public Tensor ConversionEmbedding(Tensor referenceMel)
    {
        Tensor start;
        using (no_grad()) start = EncodeSpeaker(referenceMel);
        if (Options.SpeakerAdaptSteps == 0) return start;
        using (start) return AdaptSpeaker(referenceMel, start, Options.SpeakerAdaptSteps, Options.SpeakerAdaptLearningRate);
    }

    /// <summary>
    /// Refines speaker embeddings <paramref name="start"/> [B, E] so that the decoder renders the reference
    /// [B, NMels, T'] from its own content code: <paramref name="steps"/> Adam steps on L1(decode(content(ref), e), ref)
    /// over e alone (the weights stay frozen and collect no gradient). The embedding is a time-invariant input of
    /// the AdaIN layers, so it can take the reference's voice but not its words.
    /// </summary>
    /// <remarks>
    /// The one optimisation that does not go through the shared Trainer, on purpose: it fits an input of a frozen
    /// model once per conversion call, not the model's weights. The Trainer would put the model in train mode, reseed
    /// torch's global generator in the middle of the caller's conversions and build optimizers, metrics and a
    /// generator for every reference, for a few steps of plain Adam on one tensor.
    /// </remarks>
    public Tensor AdaptSpeaker(Tensor referenceMel, Tensor start, int steps, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(referenceMel);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var weights = parameters().Where(p => p.requires_grad).ToList();
        foreach (var w in weights) w.requires_grad_(false);
        try
        {
            // Conversion runs under no_grad; the embedding's own gradient is needed here.
            using var grad = enable_grad();
            Tensor content;
            using (no_grad()) content = EncodeContent(referenceMel).Mean;
            using var embedding = new TorchSharp.Modules.Parameter(start.detach().clone(), requires_grad: true);
            using var optimizer = optim.Adam([embedding], learningRate);
            for (var i = 0; i < steps; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                nn.functional.l1_loss(Decode(content, embedding, referenceMel.shape[2]), referenceMel).backward();
                optimizer.step();
            }
            content.Dispose();
            return embedding.detach().clone();
        }
        finally
        {
            foreach (var w in weights) w.requires_grad_(true);
        }
    }

    /// <summary>
    /// Converts source log-mel [NMels, T] (or [B, NMels, T]) to the voice heard once in <paramref name="referenceMel"/>
    /// [NMels, T'] (or [B, NMels, T']) through <see cref="ConversionEmbedding"/>; eval mode, no gradients for the
    /// weights, previous mode restored.
    /// </summary>
    public Tensor Convert(Tensor sourceMel, Tensor referenceMel)
    {
        if (sourceMel.dim() != referenceMel.dim())
            throw new ArgumentException(
                $"source [{string.Join(", ", sourceMel.shape)}] and reference [{string.Join(", ", referenceMel.shape)}] must both be [NMels, T] or both [B, NMels, T]");
        var wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var single = sourceMel.dim() == 2;
            var source = single ? sourceMel.unsqueeze(0) : sourceMel;
            var speaker = ConversionEmbedding(single ? referenceMel.unsqueeze(0) : referenceMel);
            var converted = DecodeIn(source, speaker);
            return (single ? converted.squeeze(0) : converted).MoveToOuterDisposeScope();
        }
        finally
        {
            train(wasTraining);
        }
    }

    private Tensor CheckMel(Tensor mel, string key)
    {
        if (mel.dim() != 3 || mel.shape[1] != Options.NMels)
            throw new ArgumentException(
                $"'{key}' must be [B, NMels={Options.NMels}, T] (channels-first), got [{string.Join(", ", mel.shape)}]");
        return mel;
    }
}
