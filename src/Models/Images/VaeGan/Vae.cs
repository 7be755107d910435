using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Noise;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>
/// Plain VAE baseline for VAE-GAN: loss = squared pixel error summed per image + KlWeight * KL, images in [-1, 1].
/// Batch key "x". One turn "main", one optimizer "main". Stats: "loss", "recon", "kl", "mse" (per pixel).
/// </summary>
public sealed class Vae(VaeNet model) : Objective<VaeNet>(model), IImageAutoencoder
{
    public const string MainTurn = "main";

    /// <summary>Optimizer "main" (encoder + decoder) unless the run config's optimizers.main changes it.</summary>
    public static OptimizerSettings MainOptimizer { get; } = new() { LearningRate = 1e-3, Beta1 = 0.9 };

    public VaeOptions Options => Model.Options;

    public override IReadOnlyList<OptimizerSpec> Optimizers =>
        [new OptimizerSpec(MainTurn, ModuleExtensions.ParametersOf(Model), MainOptimizer)];

    public override IReadOnlyList<string> Turns { get; } = [MainTurn];

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var x = batch.Get("x");
        var (mean, logVar) = Model.Encoder.forward(x);
        var z = stage == Stage.Train ? VaeEncoder.Reparameterize(mean, logVar, context.Generator) : mean;
        var reconstruction = Model.Decoder.forward(z);
        var squared = (reconstruction - x).pow(2);
        var recon = squared.flatten(1).sum(1).mean();
        var kl = VaeEncoder.KlToStandardNormal(mean, logVar);
        var loss = recon + (Options.KlWeight * kl);
        var stats = new Dictionary<string, Tensor>
        {
            ["loss"] = loss.detach(),
            ["recon"] = recon.detach(),
            ["kl"] = kl.detach(),
            ["mse"] = squared.detach().mean(),
        };
        return new TurnOutput(loss, stats);
    }

    public Tensor Reconstruct(Tensor x, int batchSize = 256) =>
        Model.MapInChunks(x, chunk => Model.Decoder.forward(Model.Encoder.forward(chunk).Mean), batchSize);

    public Tensor Sample(int n, Generator? generator = null) =>
        Model.Evaluate(() => Model.Decoder.forward(ImageNoise.Normal([n, Options.LatentDim], Model.DeviceOf(), generator)));
}
