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
public sealed class BiGan : ITrainable
{
    public const string DiscriminatorTurn = "discriminator";
    public const string GeneratorTurn = "generator";

    public BiGan(BiGanOptions? options = null)
    {
        Options = options ?? new BiGanOptions();
        Net = new BiGanNet(Options);
    }

    public BiGanOptions Options { get; }

    public BiGanNet Net { get; }

    public nn.Module Module => Net;

    /// <summary>Built on each read from the modules' current parameters, so the specs stay right after a device move.</summary>
    public IReadOnlyList<OptimizerSpec> Optimizers =>
    [
        new OptimizerSpec(DiscriminatorTurn, ModuleExtensions.ParametersOf(Net.Discriminator), Options.DiscriminatorOptimizer),
        new OptimizerSpec(GeneratorTurn, ModuleExtensions.ParametersOf(Net.Generator, Net.Encoder), Options.GeneratorOptimizer),
    ];

    public IReadOnlyList<string> Turns { get; } = [DiscriminatorTurn, GeneratorTurn];

    public TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        TurnNames.Check(turn, Turns);
        var x = batch.Get("x");
        var z = ImageNoise.Normal([x.shape[0], Options.LatentDim], context.Device, context.Generator);
        var encoded = Net.Encoder.forward(x);
        var generated = Net.Generator.forward(z);
        if (turn == DiscriminatorTurn)
        {
            var realLogits = Net.Discriminator.forward(x, encoded.detach());
            var fakeLogits = Net.Discriminator.forward(generated.detach(), z);
            var dLoss = GanLosses.Real(realLogits) + GanLosses.Fake(fakeLogits);
            var dStats = new Dictionary<string, Tensor>
            {
                ["d_loss"] = dLoss.detach(),
                ["d_real"] = GanLosses.MeanProbability(realLogits),
                ["d_fake"] = GanLosses.MeanProbability(fakeLogits),
            };
            return new TurnOutput(dLoss, dStats, DiscriminatorTurn);
        }
        // Swapped labels: the non-saturating form of fooling D from both sides.
        var gLoss = GanLosses.Fake(Net.Discriminator.forward(x, encoded)) + GanLosses.Real(Net.Discriminator.forward(generated, z));
        var gStats = new Dictionary<string, Tensor>();
        if (Options.ReconstructionWeight > 0)
        {
            var reconstruction = nn.functional.mse_loss(Net.Generator.forward(encoded), x);
            gLoss += Options.ReconstructionWeight * reconstruction;
            gStats["g_recon"] = reconstruction.detach();
        }
        gStats["g_loss"] = gLoss.detach();
        return new TurnOutput(gLoss, gStats, GeneratorTurn);
    }

    /// <summary>E(x) for every image, in eval mode; [N, LatentDim] on the CPU.</summary>
    public Tensor Encode(Tensor x, int batchSize = 256) => Net.MapInChunks(x, Net.Encoder.forward, batchSize);

    /// <summary>E's last hidden layer for every image, in eval mode; [N, BodyFeatures] on the CPU.</summary>
    public Tensor EncodeFeatures(Tensor x, int batchSize = 256) => Net.MapInChunks(x, Net.EncoderFeatures, batchSize);

    /// <summary>G(z), z ~ N(0, I), in eval mode; images on the CPU.</summary>
    public Tensor Sample(int n, Generator? generator = null) =>
        Net.Evaluate(() => Net.Generator.forward(ImageNoise.Normal([n, Options.LatentDim], Net.DeviceOf(), generator)));
}
