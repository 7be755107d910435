using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Vocoder.Discriminators;

/// <summary>
/// The adversarial half of the vocoder's training. The "disc" turn: the generator's audio (made without gradients)
/// should score ≤ −1 and the real audio ≥ 1 (hinge). In the generator's turn, from
/// <see cref="VocosOptions.DiscriminatorStartStep"/> on: its audio should score ≥ 1, and the discriminators' layer
/// activations on it should match those on the real audio (feature matching). Each term is the period
/// discriminators' mean plus <see cref="VocosOptions.ResolutionWeight"/> × the resolution discriminators' mean.
/// </summary>
internal sealed class VocoderGanTurns(VocosModel model)
{
    private readonly VocoderDiscriminator _discriminator = model.Discriminator
        ?? throw new ArgumentException("the model has no discriminator (model_options.discriminator is none)", nameof(model));
    private readonly VocosOptions _options = model.Options;

    public TurnOutput DiscriminatorStep(Tensor mel, Tensor audio)
    {
        Tensor generated;
        using (no_grad()) generated = model.call(mel);
        var real = _discriminator.call(audio);
        var fake = _discriminator.call(generated);
        var loss = ByKind(real, fake, HingeGanLoss.Discriminator);
        var stats = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["d_real_score"] = MeanScore(real),
            ["d_fake_score"] = MeanScore(fake),
        };
        return new TurnOutput(loss, stats);
    }

    /// <summary>(adversarial, feature matching) of generated audio that still carries the generator's gradient; zeros before the start step.</summary>
    public (Tensor Adversarial, Tensor FeatureMatching) GeneratorTerms(Tensor generated, Tensor audio, StepContext context)
    {
        if (context.Step < _options.DiscriminatorStartStep)
            return (zeros(1, device: generated.device).squeeze(), zeros(1, device: generated.device).squeeze());
        DiscriminatorJudgement real;
        using (no_grad()) real = _discriminator.call(audio);
        var fake = JudgeWithoutWeightGradients(generated);
        var adversarial = ByKind(fake, fake, (f, _) => HingeGanLoss.Generator(f));
        var featureMatching = ByKind(real, fake, HingeGanLoss.FeatureMatching);
        return (adversarial, featureMatching);
    }

    /// <summary>
    /// The generator's turn steps only the generator, so the discriminators' weights need no gradient: with them
    /// frozen while the graph is built, backward only carries the gradient through them to the audio.
    /// </summary>
    private DiscriminatorJudgement JudgeWithoutWeightGradients(Tensor generated) =>
        FrozenWeights.While(model.DiscriminatorParameters(), () => _discriminator.call(generated));

    private Tensor ByKind(DiscriminatorJudgement a, DiscriminatorJudgement b,
        Func<IReadOnlyList<DiscriminatorOutput>, IReadOnlyList<DiscriminatorOutput>, Tensor> loss)
    {
        var terms = new List<Tensor>();
        if (a.Periods.Count > 0) terms.Add(loss(a.Periods, b.Periods));
        if (a.Resolutions.Count > 0) terms.Add(loss(a.Resolutions, b.Resolutions) * _options.ResolutionWeight);
        return terms.Aggregate((x, y) => x + y);
    }

    private static Tensor MeanScore(DiscriminatorJudgement judgement) =>
        stack([.. judgement.Periods.Concat(judgement.Resolutions).Select(d => d.Scores.detach().mean())]).mean();
}
