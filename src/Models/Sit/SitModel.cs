using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Sit;

/// <summary>
/// Speaker-invariant training model: <see cref="SpeechEncoder"/> → content head (per utterance on the pooled
/// embedding, or per frame) and → gradient reversal → speaker classifier on the pooled embedding.
/// Set <see cref="Lambda"/> before a forward pass; <see cref="SitObjective"/> does so every step.
/// </summary>
public sealed class SitModel : nn.Module<Tensor, Tensor, SitOutput>
{
    readonly SpeechEncoder _encoder;
    readonly ClassifierHead _content;
    readonly GradientReversal _reversal;
    readonly ClassifierHead _speaker;
    readonly RunningWhitening? _whitening;
    readonly SitOptions _options;

    public SitModel(SitOptions options) : base(nameof(SitModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _encoder = new SpeechEncoder(options.Encoder);
        long contentInputs = options.FrameLevelContent ? _encoder.FrameDim : _encoder.PooledDim;
        _content = new ClassifierHead(contentInputs, options.ContentHidden, options.ContentClasses);
        _reversal = new GradientReversal();
        _speaker = new ClassifierHead(options.SpeakerOnFrames ? _encoder.FrameDim : _encoder.PooledDim, options.SpeakerHidden, options.SpeakerClasses, options.SpeakerNormalize);
        _whitening = options.AdversaryLoss == AdversaryLoss.Discriminant
            ? new RunningWhitening(options.AdversaryInput == AdversaryInput.FrameStats ? 2 * _encoder.FrameDim : _encoder.PooledDim,
                options.WhiteningMomentum, options.WhiteningShrinkage)
            : null;
        RegisterComponents();
    }

    public SitOptions Options => _options;

    /// <summary>The encoder, e.g. to probe its embeddings after training.</summary>
    public SpeechEncoder Encoder => _encoder;

    /// <summary>
    /// Reversal weight used by the next forward pass (0 = baseline: the speaker loss never reaches the encoder;
    /// -1 = no reversal, the gradient passes unchanged, as the confusion loss wants).
    /// </summary>
    public double Lambda
    {
        get => _reversal.Lambda;
        set => _reversal.Lambda = value;
    }

    /// <summary>The content head, e.g. to hand its parameters to an optimizer.</summary>
    public ClassifierHead ContentHead => _content;

    /// <summary>The running whitening of pooled embeddings (adversary_loss "discriminant" only, else null).</summary>
    public RunningWhitening? Whitening => _whitening;

    /// <summary>The speaker classifier.</summary>
    public ClassifierHead SpeakerClassifier => _speaker;

    public override SitOutput forward(Tensor feats, Tensor lengths)
    {
        var encoded = _encoder.forward(feats, lengths);
        var content = _content.forward(_options.FrameLevelContent ? encoded.Frames : encoded.Pooled);
        var speaker = _speaker.forward(_reversal.forward(SpeakerInput(encoded)));
        return new SitOutput(encoded, content, speaker);
    }

    /// <summary>Speaker logits straight from encoder output, without reversal (for training the classifier itself).</summary>
    public Tensor ClassifySpeaker(EncoderOutput encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return _speaker.forward(SpeakerInput(encoded));
    }

    Tensor SpeakerInput(EncoderOutput encoded) => _options.SpeakerOnFrames ? encoded.Frames : encoded.Pooled;
}
