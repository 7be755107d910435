using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.VoiceConversion.Common;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>
/// Training objective of <see cref="AdaInVcModel"/>: one turn "main" with one optimizer "main".
/// In training, whole examples may be mel-warped into new voices (<see cref="AdaInVcOptions.VoiceWarp"/>) and the
/// content encoder may see a further randomly warped input (<see cref="AdaInVcOptions.ContentWarp"/>).
/// z = μ + σ·ε (ε from the run's generator; z = μ outside training), loss = ReconWeight · L1(decode(z, spk(ref)), mel)
/// + λ_kl(progress) · KL(N(μ, σ²) ‖ N(0, 1)) averaged over elements.
/// With <see cref="AdaInVcOptions.CycleSpeakerWeight"/> or <see cref="AdaInVcOptions.CycleContentWeight"/> set, training
/// adds the cycle terms of <see cref="ConversionCycle"/>; with <see cref="AdaInVcOptions.SpeakerContrastWeight"/> set,
/// the contrastive speaker term of <see cref="SpeakerContrast"/> (segment vs reference; positives by "speaker" ids in
/// the batch, or each example alone, <see cref="AdaInVcOptions.SpeakerContrastPositives"/>).
/// With <see cref="AdaInVcOptions.AdversarialWeight"/> set, "main" adds the least-squares adversarial and feature-matching
/// terms of <see cref="ReconstructionAdversary"/> and a second turn "discriminator" (optimizer "discriminator") trains the
/// discriminator on the same step's mel and reconstruction; "main"'s optimizer never holds the discriminator.
/// Batch keys: "mel" float32 [B, NMels, T] (channels-first); optional "ref_mel" [B, NMels, T'] of the same speaker
/// (without it the speaker encoder sees "mel"), optional "speaker" int64 [B]. Stats: "recon_l1", "kl", "lambda_kl",
/// "loss" (+ "cycle_speaker", "cycle_content", "speaker_contrast", "adversarial", "feature_matching"; the
/// discriminator turn "d_real", "d_fake").
/// </summary>
public sealed class AdaInVcObjective : Objective<AdaInVcModel>
{
    public const string MainTurn = "main";
    public const string DiscriminatorTurn = ReconstructionAdversary.DiscriminatorTurn;

    private readonly AdaInVcOptions _options;
    private readonly ReconstructionAdversary? _adversary;

    public AdaInVcObjective(AdaInVcModel model) : base(model)
    {
        _options = model.Options;
        if (_options.Adversarial) _adversary = new ReconstructionAdversary(model);
        Turns = _adversary is null ? [MainTurn] : [MainTurn, DiscriminatorTurn];
    }

    /// <summary>Optimizer "main" unless the run config's optimizers.main changes it.</summary>
    public static OptimizerSettings MainOptimizer { get; } = new() { LearningRate = 5e-4, Beta1 = 0.9, Beta2 = 0.99, GradClipNorm = 5 };

    /// <summary>Optimizer "discriminator" (with the adversarial term) unless optimizers.discriminator changes it.</summary>
    public static OptimizerSettings DiscriminatorOptimizer => ReconstructionAdversary.Optimizer;

    public override IReadOnlyList<OptimizerSpec> Optimizers
    {
        get
        {
            var main = new OptimizerSpec(MainTurn, Model.ConverterParameters().ToList(), MainOptimizer);
            return _adversary is null ? [main] : [main, _adversary.OptimizerSpec];
        }
    }

    public override IReadOnlyList<string> Turns { get; }

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context) => turn switch
    {
        MainTurn => MainStep(batch, stage, context),
        DiscriminatorTurn when _adversary is not null => _adversary.DiscriminatorStep(batch, () =>
        {
            var pass = Reconstruct(batch, stage, context);
            return (pass.Mel, pass.Reconstruction);
        }),
        _ => throw new ArgumentException($"unknown turn '{turn}' (turns: {string.Join(", ", Turns)})", nameof(turn)),
    };

    /// <summary>One pass of the converter over a batch: the (augmented) mel, the code, the speaker embedding and the reconstruction.</summary>
    private sealed record Pass(Tensor Mel, Tensor Mean, Tensor LogVariance, Tensor Content, Tensor Speaker, Tensor Reconstruction);

    private Pass Reconstruct(Batch batch, Stage stage, StepContext context)
    {
        var mel = batch.Get(VcBatchKeys.Mel);
        var reference = batch.TryGetValue(VcBatchKeys.ReferenceMel, out var r) ? r : mel;
        if (stage == Stage.Train && _options.VoiceWarp > 0)
        {
            // One factor per example for segment and reference: a new voice, still the same speaker in both.
            var factors = VoiceWarpFactors(mel.shape[0], _options, context.Generator?.device ?? mel.device, context.Generator);
            mel = MelAxisWarp.Apply(mel, factors);
            reference = MelAxisWarp.Apply(reference, factors);
        }
        if (stage == Stage.Train && _options.VoicePerturbation.Enabled)
        {
            // One new voice per example, the same in its segment and its reference.
            var (formant, pitch, tilt) = VoicePerturbation.Draw(mel.shape[0], _options.VoicePerturbation, context.Generator);
            mel = VoicePerturbation.Apply(mel, formant, pitch, tilt);
            reference = VoicePerturbation.Apply(reference, formant, pitch, tilt);
        }

        var contentInput = stage == Stage.Train && _options.ContentWarp > 0
            ? MelAxisWarp.Random(mel, _options.ContentWarp, context.Generator).to(mel.device)
            : mel;
        var (mean, logVariance) = Model.EncodeContent(contentInput);
        var content = mean;
        if (stage == Stage.Train)
        {
            // Draw where the run's generator lives (the trainer may fall back to a CPU generator), then move.
            var generator = context.Generator;
            var noise = randn(mean.shape, dtype: mean.dtype, device: generator?.device ?? mean.device, generator: generator).to(mean.device);
            content = mean + ((logVariance * 0.5).exp() * noise);
        }
        var speaker = Model.EncodeSpeaker(reference);
        return new Pass(mel, mean, logVariance, content, speaker, Model.Decode(content, speaker, mel.shape[2]));
    }

    private TurnOutput MainStep(Batch batch, Stage stage, StepContext context)
    {
        var (mel, mean, logVariance, content, speaker, reconstruction) = Reconstruct(batch, stage, context);
        var recon = l1_loss(reconstruction, mel);
        var kl = ((mean.square() + logVariance.exp() - 1.0 - logVariance) * 0.5).mean();
        var lambdaKl = _options.LambdaKlAt(context.Progress);
        var loss = (recon * _options.ReconWeight) + (kl * lambdaKl);
        var stats = new Dictionary<string, Tensor>
        {
            ["recon_l1"] = recon.detach(),
            ["kl"] = kl.detach(),
            ["lambda_kl"] = tensor((float)lambdaKl),
        };
        if (stage == Stage.Train && (_options.CycleSpeakerWeight > 0 || _options.CycleContentWeight > 0) && mel.shape[0] > 1)
        {
            var (speakerCycle, contentCycle) = ConversionCycle.Losses(Model, content, mean, speaker, context.Generator);
            loss += (speakerCycle * _options.CycleSpeakerWeight) + (contentCycle * _options.CycleContentWeight);
            stats["cycle_speaker"] = speakerCycle.detach();
            stats["cycle_content"] = contentCycle.detach();
        }
        if (stage == Stage.Train && _options.SpeakerContrastWeight > 0)
        {
            var speakers = _options.SpeakerContrastPositives == SpeakerContrastPositives.Example
                ? arange(mel.shape[0], dtype: ScalarType.Int64, device: mel.device)
                : batch.TryGetValue(VcBatchKeys.Speaker, out var ids) ? ids
                : throw new ArgumentException($"speaker_contrast_weight needs speaker ids in the batch ('{VcBatchKeys.Speaker}')");
            var contrast = SpeakerContrast.Loss(Model.EncodeSpeaker(mel), speaker, speakers, _options.SpeakerContrastTemperature);
            loss += contrast * _options.SpeakerContrastWeight;
            stats["speaker_contrast"] = contrast.detach();
        }
        // "loss" is the converter's own objective without the GAN terms, which move with the discriminator's strength
        // and would steer the choice of best.ckpt; the turn's whole loss is reported as loss_main.
        stats["loss"] = loss.detach();
        if (_adversary?.ConverterTerms(batch, mel, reconstruction, stage, context) is (Tensor adversarial, Tensor featureMatching))
        {
            loss += (adversarial * _options.AdversarialWeight) + (featureMatching * _options.FeatureMatchingWeight);
            stats["adversarial"] = adversarial.detach();
            stats["feature_matching"] = featureMatching.detach();
        }
        return new TurnOutput(loss, stats);
    }

    /// <summary>
    /// The voice-warp factors of <paramref name="n"/> training examples, float32 [n] on <paramref name="device"/>:
    /// uniform in [1 − VoiceWarp, 1 + VoiceWarp] for a share VoiceWarpProbability of them, exactly 1 for the rest.
    /// </summary>
    public static Tensor VoiceWarpFactors(long n, AdaInVcOptions options, Device device, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(options);
        var factors = MelAxisWarp.RandomFactors(n, options.VoiceWarp, device, generator);
        if (options.VoiceWarpProbability >= 1) return factors;
        var warped = rand([n], device: device, generator: generator).lt(options.VoiceWarpProbability);
        return where(warped, factors, ones_like(factors));
    }
}
