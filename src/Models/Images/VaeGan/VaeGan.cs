using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Losses;
using SpeechDisentangle.Models.Common.Noise;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>
/// VAE-GAN (Larsen et al. 2016) on images in [-1, 1]; batch key "x". Three turns, each with its own optimizer
/// of the same name, as in the paper's Algorithm 1:
/// "encoder": KlWeight * L_prior + L_llike^Dis_l;
/// "decoder": Gamma * L_llike^Dis_l + L_GAN (non-saturating, on reconstructions and prior samples);
/// "discriminator": real x vs. reconstructions and prior samples.
/// Real images and fakes go through the discriminator in one batch so batch-norm sees them together. The turns
/// share one sample per batch: the decoder turn decodes the encoder turn's z, the discriminator turn judges the
/// decoder turn's fakes (both detached), so no forward pass is repeated.
/// Stats: "kl", "recon_feature", "recon_mse" (encoder); "dec_loss", "g_adv" (decoder);
/// "d_loss", "d_real", "d_fake" (discriminator).
/// </summary>
public sealed class VaeGan(VaeGanNet model) : Objective<VaeGanNet>(model), IImageAutoencoder
{
    public const string EncoderTurn = "encoder";
    public const string DecoderTurn = "decoder";
    public const string DiscriminatorTurn = "discriminator";

    // Larsen et al.'s Algorithm 1 computes z, the reconstructions and the prior samples once per batch; the turns
    // hand them on instead of recomputing them (the decoder turn's fakes are the discriminator turn's fakes).
    private readonly TurnHandOff posteriorSample = new();
    private readonly TurnHandOff fakeImages = new();

    /// <summary>
    /// RMSprop at 3e-4, as in the paper, for each of the three optimizers unless the run config's optimizers.NAME
    /// changes it (FD 143 against Adam's 177 at 1500 steps).
    /// </summary>
    public static OptimizerSettings PaperOptimizer { get; } = new() { Kind = OptimizerKind.Rmsprop, LearningRate = 3e-4 };

    public VaeGanOptions Options => Model.Options;

    public override IReadOnlyList<OptimizerSpec> Optimizers =>
    [
        new OptimizerSpec(EncoderTurn, ModuleExtensions.ParametersOf(Model.Encoder), PaperOptimizer),
        new OptimizerSpec(DecoderTurn, ModuleExtensions.ParametersOf(Model.Decoder), PaperOptimizer),
        new OptimizerSpec(DiscriminatorTurn, Model.DiscriminatorParameters, PaperOptimizer),
    ];

    public override IReadOnlyList<string> Turns { get; } = [EncoderTurn, DecoderTurn, DiscriminatorTurn];

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var x = batch.Get("x");
        return turn switch
        {
            EncoderTurn => EncoderStep(batch, x, context),
            DecoderTurn => DecoderStep(batch, x, context),
            _ => DiscriminatorStep(batch, x, context),
        };
    }

    private TurnOutput EncoderStep(Batch batch, Tensor x, StepContext context)
    {
        var (mean, logVar) = Model.Encoder.forward(x);
        var z = VaeEncoder.Reparameterize(mean, logVar, context.Generator);
        posteriorSample.Put(batch, z);
        var reconstruction = Model.Decoder.forward(z);
        var (features, _) = Model.Discriminate(cat([x, reconstruction], 0));
        var likeness = FeatureError(features, x.shape[0]);
        var kl = VaeEncoder.KlToStandardNormal(mean, logVar);
        var loss = (Options.KlWeight * kl) + likeness;
        var stats = new Dictionary<string, Tensor>
        {
            ["kl"] = kl.detach(),
            ["recon_feature"] = likeness.detach(),
            ["recon_mse"] = (reconstruction.detach() - x).pow(2).mean(),
        };
        return new TurnOutput(loss, stats);
    }

    private TurnOutput DecoderStep(Batch batch, Tensor x, StepContext context)
    {
        // The encoder turn's z (no gradient to the encoder: L_GAN and the decoder's weighting stay out of it).
        var z = posteriorSample.Take(batch) ?? PosteriorSample(x, context);
        var prior = ImageNoise.Normal(z.shape, z.device, context.Generator);
        var fakes = Model.Decoder.forward(cat([z, prior], 0));
        fakeImages.Put(batch, fakes);
        var (features, logits) = Model.Discriminate(cat([x, fakes], 0));
        var b = x.shape[0];
        var likeness = FeatureError(features.narrow(0, 0, 2 * b), b);
        var adversarial = GanLosses.Real(logits.narrow(0, b, 2 * b));
        var loss = (Options.Gamma * likeness) + adversarial;
        var stats = new Dictionary<string, Tensor> { ["dec_loss"] = loss.detach(), ["g_adv"] = adversarial.detach() };
        return new TurnOutput(loss, stats);
    }

    private TurnOutput DiscriminatorStep(Batch batch, Tensor x, StepContext context)
    {
        var fakes = fakeImages.Take(batch) ?? FakeImages(x, context);
        var b = x.shape[0];
        var (_, logits) = Model.Discriminate(cat([x, fakes], 0));
        var realLogits = logits.narrow(0, 0, b);
        var fakeLogits = logits.narrow(0, b, 2 * b);
        var loss = GanLosses.Real(realLogits) + GanLosses.Fake(fakeLogits);
        var stats = new Dictionary<string, Tensor>
        {
            ["d_loss"] = loss.detach(),
            ["d_real"] = GanLosses.MeanProbability(realLogits),
            ["d_fake"] = GanLosses.MeanProbability(fakeLogits),
        };
        return new TurnOutput(loss, stats);
    }

    // Used when a turn runs without the one before it on the same batch (e.g. a caller running turns out of order).
    private Tensor PosteriorSample(Tensor x, StepContext context)
    {
        using var _ = no_grad();
        var (mean, logVar) = Model.Encoder.forward(x);
        return VaeEncoder.Reparameterize(mean, logVar, context.Generator);
    }

    private Tensor FakeImages(Tensor x, StepContext context)
    {
        using var _ = no_grad();
        var z = PosteriorSample(x, context);
        return Model.Decoder.forward(cat([z, ImageNoise.Normal(z.shape, z.device, context.Generator)], 0));
    }

    // L_llike^Dis_l: Gaussian log-likelihood (up to a constant) of the real images' Dis_l features under the
    // reconstructions' features, summed per image. Rows [0, b) are real (held fixed), [b, 2b) reconstructions.
    private static Tensor FeatureError(Tensor features, long b) =>
        (0.5 * (features.narrow(0, b, b) - features.narrow(0, 0, b).detach()).pow(2)).sum(1).mean();

    public Tensor Reconstruct(Tensor x, int batchSize = 256) =>
        Model.MapInChunks(x, chunk => Model.Decoder.forward(Model.Encoder.forward(chunk).Mean), batchSize);

    public Tensor Sample(int n, Generator? generator = null) =>
        Model.Evaluate(() => Model.Decoder.forward(ImageNoise.Normal([n, Options.LatentDim], Model.DeviceOf(), generator)));
}
