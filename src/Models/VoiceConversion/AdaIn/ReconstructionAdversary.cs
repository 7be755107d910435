using SpeechDisentangle.Models.Common.Losses;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>
/// The adversarial side of AdaIN-VC training (<see cref="AdaInVcOptions.AdversarialWeight"/>): least-squares GAN and
/// feature matching on the reconstruction, judged by the model's <see cref="MelPatchDiscriminator"/>.
/// The "discriminator" turn runs after "main" on the same batch and judges the very mel and reconstruction that
/// "main" trained on (its augmentations included), detached, so the converter runs once per step, as in HiFi-GAN;
/// without them (a turn run on its own) it reconstructs again without gradients.
/// </summary>
internal sealed class ReconstructionAdversary(AdaInVcModel model)
{
    public const string DiscriminatorTurn = "discriminator";

    private readonly AdaInVcOptions _options = model.Options;
    private (Batch Batch, Tensor Mel, Tensor Reconstruction)? _judged;

    /// <summary>Adam 2e-4, betas (0.5, 0.9), clip 5, unless the run config's optimizers.discriminator changes it.</summary>
    public static OptimizerSettings Optimizer { get; } = new() { LearningRate = 2e-4, Beta1 = 0.5, Beta2 = 0.9, GradClipNorm = 5 };

    public OptimizerSpec OptimizerSpec => new(DiscriminatorTurn, model.DiscriminatorParameters().ToList(), Optimizer);

    /// <summary>
    /// The model's adversarial loss (its reconstruction should score "real") and the feature-matching loss, both 0
    /// before <see cref="AdaInVcOptions.AdversarialStartStep"/> in training; remembers the pair for the discriminator turn.
    /// </summary>
    public (Tensor Adversarial, Tensor FeatureMatching)? ConverterTerms(Batch batch, Tensor mel, Tensor reconstruction, Stage stage, StepContext context)
    {
        _judged = (batch, mel.detach(), reconstruction.detach());
        if (stage != Stage.Train || context.Step < _options.AdversarialStartStep) return null;
        IReadOnlyList<Tensor> real;
        using (no_grad()) real = model.Discriminate(mel).Features;
        // "main" steps the converter only: the discriminator's weights collect no gradient here.
        var (scores, fake) = FrozenWeights.While(model.DiscriminatorParameters(), () => model.Discriminate(reconstruction));
        return (LeastSquaresGanLosses.Real(scores), LeastSquaresGanLosses.FeatureMatching(fake, real));
    }

    /// <summary>The discriminator's turn: real mel should score 1, the reconstruction 0.
    /// Stats "d_real", "d_fake" (mean patch scores).</summary>
    public TurnOutput DiscriminatorStep(Batch batch, Func<(Tensor Mel, Tensor Reconstruction)> reconstruct)
    {
        var (mel, reconstruction) = Judged(batch, reconstruct);
        var (realScores, _) = model.Discriminate(mel);
        var (fakeScores, _) = model.Discriminate(reconstruction);
        var loss = LeastSquaresGanLosses.Real(realScores) + LeastSquaresGanLosses.Fake(fakeScores);
        var stats = new Dictionary<string, Tensor>
        {
            ["d_real"] = realScores.detach().mean(),
            ["d_fake"] = fakeScores.detach().mean(),
        };
        return new TurnOutput(loss, stats);
    }

    // The main turn's pair when it came from this batch and still lives (the trainer disposes a step's tensors).
    private (Tensor Mel, Tensor Reconstruction) Judged(Batch batch, Func<(Tensor Mel, Tensor Reconstruction)> reconstruct)
    {
        var judged = _judged;
        _judged = null;
        if (judged is { } j && ReferenceEquals(j.Batch, batch) && !j.Mel.IsInvalid && !j.Reconstruction.IsInvalid)
            return (j.Mel, j.Reconstruction);
        using (no_grad()) return reconstruct();
    }
}
