using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Vocoder.Discriminators;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// Trains <see cref="VocosModel"/> on (audio, log-mel) pairs: batch keys "audio" float32 [B, L] and "mel" (raw
/// log-mel of that audio) [B, NMels, T] with L = (T − 1) · HopLength. Loss = mel_weight · L1(log-mel of the output,
/// "mel") + stft_weight · (spectral convergence + log-magnitude L1), multi-resolution. One turn and optimizer, "main".
/// Stats: "mel_l1", "spectral_convergence", "log_magnitude", "loss".
/// With discriminators (<see cref="VocosOptions.Discriminator"/>) the turns are "disc" (optimizer "disc": the
/// discriminators only, <see cref="VocoderGanTurns"/>) and then "main" (the generator only), whose loss adds
/// adversarial_weight · hinge loss + feature_matching_weight · feature matching; extra stats "d_real_score",
/// "d_fake_score" (disc turn), "adversarial", "feature_matching" (main turn). "loss" stays the mel + STFT loss (the
/// trainer's "loss_main" is the whole), so best.ckpt is chosen by reconstruction, as without discriminators.
/// </summary>
public sealed class VocoderObjective : Objective<VocosModel>, IDisposable
{
    public const string MainTurn = "main";

    /// <summary>The discriminators' turn and optimizer (with <see cref="VocosOptions.Discriminator"/> only).</summary>
    public const string DiscriminatorTurn = "disc";

    public const string AudioKey = "audio";
    public const string MelKey = "mel";

    private readonly TorchLogMel _logMel;
    private readonly MultiResolutionStftLoss _stftLoss;
    private readonly VocoderGanTurns? _gan;

    public VocoderObjective(VocosModel model) : base(model)
    {
        _logMel = new TorchLogMel(model.Spec);
        _stftLoss = new MultiResolutionStftLoss(model.Options.StftResolutions);
        _gan = model.Discriminator is null ? null : new VocoderGanTurns(model);
        Turns = _gan is null ? [MainTurn] : [DiscriminatorTurn, MainTurn];
    }

    /// <summary>Optimizer "main" unless the run config's optimizers.main changes it: Vocos' AdamW 5e-4, betas 0.8/0.9, weight decay 0.01 (torch's default).</summary>
    public static OptimizerSettings MainOptimizer { get; } = new()
    {
        Kind = OptimizerKind.Adamw, LearningRate = 5e-4, Beta1 = 0.8, Beta2 = 0.9, WeightDecay = 0.01, GradClipNorm = 10,
    };

    /// <summary>Optimizer "disc" unless optimizers.disc changes it: the same settings as <see cref="MainOptimizer"/> (as Vocos).</summary>
    public static OptimizerSettings DiscriminatorOptimizer => MainOptimizer;

    public override IReadOnlyList<OptimizerSpec> Optimizers => _gan is null
        ? [new OptimizerSpec(MainTurn, Model.GeneratorParameters().ToList(), MainOptimizer)]
        : [new OptimizerSpec(DiscriminatorTurn, Model.DiscriminatorParameters().ToList(), DiscriminatorOptimizer),
           new OptimizerSpec(MainTurn, Model.GeneratorParameters().ToList(), MainOptimizer)];

    public override IReadOnlyList<string> Turns { get; }

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var audio = batch.Get(AudioKey);
        var mel = batch.Get(MelKey);
        long expected = (mel.shape[2] - 1) * Model.Spec.HopLength;
        if (audio.dim() != 2 || audio.shape[1] != expected)
            throw new ArgumentException($"batch audio [{string.Join(", ", audio.shape)}] does not match its mel of {mel.shape[2]} frames (expected [B, {expected}])");
        if (turn == DiscriminatorTurn && _gan is not null) return _gan.DiscriminatorStep(mel, audio);
        var predicted = Model.call(mel);
        var melL1 = (_logMel.LogMel(predicted) - mel).abs().mean();
        var (convergence, logMagnitude) = _stftLoss.Compute(predicted, audio);
        var o = Model.Options;
        var loss = (melL1 * o.MelWeight) + ((convergence + logMagnitude) * o.StftWeight);
        var stats = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["mel_l1"] = melL1.detach(),
            ["spectral_convergence"] = convergence.detach(),
            ["log_magnitude"] = logMagnitude.detach(),
            // The reconstruction loss alone, with or without discriminators: best.ckpt and runs stay comparable by it.
            ["loss"] = loss.detach(),
        };
        if (_gan is null) return new TurnOutput(loss, stats);
        var (adversarial, featureMatching) = _gan.GeneratorTerms(predicted, audio, context);
        stats["adversarial"] = adversarial.detach();
        stats["feature_matching"] = featureMatching.detach();
        return new TurnOutput(loss + (adversarial * o.AdversarialWeight) + (featureMatching * o.FeatureMatchingWeight), stats);
    }

    public void Dispose()
    {
        _logMel.Dispose();
        _stftLoss.Dispose();
    }
}
