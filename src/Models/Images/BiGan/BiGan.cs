using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Losses;
using SpeechDisentangle.Models.Common.Noise;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.BiGan;

/// <summary>
/// BiGAN / ALI on images in [-1, 1]; batch key "x". Turns: "discriminator" (real pairs (x, E(x)) vs. fake pairs
/// (G(z), z), optimizer "discriminator") then "generator" (G and E together with swapped labels, optimizer
/// "generator"; plus ALICE's reconstruction term when <see cref="BiGanOptions.ReconstructionWeight"/> is above 0).
/// Stats: "d_loss", "d_real", "d_fake"; "g_loss", "g_recon".
/// </summary>
public sealed class BiGan(BiGanNet model) : Objective<BiGanNet>(model)
{
    public const string DiscriminatorTurn = "discriminator";
    public const string GeneratorTurn = "generator";

    /// <summary>Adam 2e-4 for both optimizers ("generator": G and E together; "discriminator") unless the run config changes them.</summary>
    public static OptimizerSettings DefaultOptimizer { get; } = new() { LearningRate = 2e-4 };

    public BiGanOptions Options => Model.Options;

    public override IReadOnlyList<OptimizerSpec> Optimizers =>
    [
        new OptimizerSpec(DiscriminatorTurn, ModuleExtensions.ParametersOf(Model.Discriminator), DefaultOptimizer),
        new OptimizerSpec(GeneratorTurn, ModuleExtensions.ParametersOf(Model.Generator, Model.Encoder), DefaultOptimizer),
    ];

    public override IReadOnlyList<string> Turns { get; } = [DiscriminatorTurn, GeneratorTurn];

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var x = batch.Get("x");
        var z = ImageNoise.Normal([x.shape[0], Options.LatentDim], context.Device, context.Generator);
        var encoded = Model.Encoder.forward(x);
        var generated = Model.Generator.forward(z);
        if (turn == DiscriminatorTurn)
        {
            var realLogits = Model.Discriminator.forward(x, encoded.detach());
            var fakeLogits = Model.Discriminator.forward(generated.detach(), z);
            var dLoss = GanLosses.Real(realLogits) + GanLosses.Fake(fakeLogits);
            var dStats = new Dictionary<string, Tensor>
            {
                ["d_loss"] = dLoss.detach(),
                ["d_real"] = GanLosses.MeanProbability(realLogits),
                ["d_fake"] = GanLosses.MeanProbability(fakeLogits),
            };
            return new TurnOutput(dLoss, dStats);
        }
        // Swapped labels: the non-saturating form of fooling D from both sides.
        var gLoss = GanLosses.Fake(Model.Discriminator.forward(x, encoded)) + GanLosses.Real(Model.Discriminator.forward(generated, z));
        var gStats = new Dictionary<string, Tensor>();
        if (Options.ReconstructionWeight > 0)
        {
            var reconstruction = nn.functional.mse_loss(Model.Generator.forward(encoded), x);
            gLoss += Options.ReconstructionWeight * reconstruction;
            gStats["g_recon"] = reconstruction.detach();
        }
        gStats["g_loss"] = gLoss.detach();
        return new TurnOutput(gLoss, gStats);
    }

    /// <summary>E(x) for every image, in eval mode; [N, LatentDim] on the CPU.</summary>
    public Tensor Encode(Tensor x, int batchSize = 256) => Model.MapInChunks(x, Model.Encoder.forward, batchSize);

    /// <summary>E's last hidden layer for every image, in eval mode; [N, BodyFeatures] on the CPU.</summary>
    public Tensor EncodeFeatures(Tensor x, int batchSize = 256) => Model.MapInChunks(x, Model.EncoderFeatures, batchSize);

    /// <summary>G(z), z ~ N(0, I), in eval mode; images on the CPU.</summary>
    public Tensor Sample(int n, Generator? generator = null) =>
        Model.Evaluate(() => Model.Generator.forward(ImageNoise.Normal([n, Options.LatentDim], Model.DeviceOf(), generator)));
}
