using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion;

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

    public AdaInVcModel(AdaInVcOptions options) : base(nameof(AdaInVcModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _contentEncoder = new InstanceNormContentEncoder(options);
        _speakerEncoder = new SpeakerEncoder(options);
        _decoder = new AdaInDecoder(options);
        RegisterComponents();
    }

    public AdaInVcOptions Options { get; }

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
        var (mean, _) = EncodeContent(source);
        return Decode(mean, EncodeSpeaker(reference), source.shape[2]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Converts source log-mel [NMels, T] (or [B, NMels, T]) to the voice heard once in <paramref name="referenceMel"/>
    /// [NMels, T'] (or [B, NMels, T']); eval mode, no gradients, previous mode restored.
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
            var converted = forward(single ? sourceMel.unsqueeze(0) : sourceMel, single ? referenceMel.unsqueeze(0) : referenceMel);
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
