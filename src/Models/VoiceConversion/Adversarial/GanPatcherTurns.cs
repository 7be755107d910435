using SpeechDisentangle.Models.Common.Losses;
using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Common.Noise;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.VoiceConversion.Adversarial;

/// <summary>
/// Stage two of Chou et al. 2018: each turn converts the batch to random target speakers with the frozen stage-one
/// encoder and decoder plus the patcher's residual. "discriminator": real mel says real and is classified as its
/// speaker, converted mel says fake. "patcher": converted mel should say real and be classified as its target.
/// The paper trains this pair as a WGAN-GP; here it is the non-saturating GAN loss the image models use.
/// Stats: "d_real", "d_fake" (mean probabilities), "d_spk_acc" (on real mel), "g_spk_acc" (converted mel heard as
/// the target), "patch_abs" (mean size of the residual).
/// </summary>
internal sealed class GanPatcherTurns(AdversarialVcModel model)
{
    public const string DiscriminatorTurn = "discriminator";
    public const string PatcherTurn = "patcher";

    private readonly double _speakerWeight = model.Options.PatcherSpeakerWeight;

    public IReadOnlyList<OptimizerSpec> Optimizers =>
    [
        new OptimizerSpec(DiscriminatorTurn, model.DiscriminatorParameters().ToList(), AdversarialVcObjective.DefaultOptimizer),
        new OptimizerSpec(PatcherTurn, model.PatcherParameters().ToList(), AdversarialVcObjective.DefaultOptimizer),
    ];

    public TurnOutput DiscriminatorStep(Tensor mel, Tensor speakers, StepContext context)
    {
        Tensor converted;
        using (no_grad()) converted = Convert(mel, RandomTargets(speakers, context), out _);
        var (realLogit, realSpeaker) = model.Discriminate(mel);
        var (fakeLogit, _) = model.Discriminate(converted);
        var speakerCe = cross_entropy(realSpeaker, speakers);
        var loss = GanLosses.Real(realLogit) + GanLosses.Fake(fakeLogit) + (speakerCe * _speakerWeight);
        var stats = new Dictionary<string, Tensor>
        {
            ["d_real"] = GanLosses.MeanProbability(realLogit),
            ["d_fake"] = GanLosses.MeanProbability(fakeLogit),
            ["d_spk_acc"] = ClassificationStats.Accuracy(realSpeaker.detach(), speakers),
        };
        return new TurnOutput(loss, stats);
    }

    public TurnOutput PatcherStep(Tensor mel, Tensor speakers, StepContext context)
    {
        var targets = RandomTargets(speakers, context);
        var converted = Convert(mel, targets, out var patch);
        var (fakeLogit, fakeSpeaker) = model.Discriminate(converted);
        var loss = GanLosses.Real(fakeLogit) + (cross_entropy(fakeSpeaker, targets) * _speakerWeight);
        var stats = new Dictionary<string, Tensor>
        {
            ["g_spk_acc"] = ClassificationStats.Accuracy(fakeSpeaker.detach(), targets),
            ["patch_abs"] = patch.detach().abs().mean(),
        };
        return new TurnOutput(loss, stats);
    }

    /// <summary>decode(code, targets) + patch(code, targets); only the patch carries gradient (stage one is frozen).</summary>
    private Tensor Convert(Tensor mel, Tensor targets, out Tensor patch)
    {
        Tensor code, decoded;
        using (no_grad())
        {
            code = model.Encode(mel);
            decoded = model.Decode(code, targets);
        }
        patch = model.Patch(code, targets);
        return decoded + patch;
    }

    private Tensor RandomTargets(Tensor speakers, StepContext context) =>
        ImageNoise.Categories(speakers.shape[0], model.Options.Speakers, speakers.device, context.Generator);
}
