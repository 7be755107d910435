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
public sealed class Vae : ITrainable, IImageAutoencoder
{
    public const string MainTurn = "main";

    public Vae(VaeOptions? options = null)
    {
        Options = options ?? new VaeOptions();
        Options.Validate();
        Net = new VaeNet(Options.LatentDim, Options.BaseChannels);
    }

    public VaeOptions Options { get; }

    public VaeNet Net { get; }

    public nn.Module Module => Net;

    /// <summary>Built on each read from the modules' current parameters, so the specs stay right after a device move.</summary>
    public IReadOnlyList<OptimizerSpec> Optimizers =>
        [new OptimizerSpec(MainTurn, ModuleExtensions.ParametersOf(Net), Options.Optimizer)];

    public IReadOnlyList<string> Turns { get; } = [MainTurn];

    public TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        TurnNames.Check(turn, Turns);
        var x = batch.Get("x");
        var (mean, logVar) = Net.Encoder.forward(x);
        var z = stage == Stage.Train ? VaeEncoder.Reparameterize(mean, logVar, context.Generator) : mean;
        var reconstruction = Net.Decoder.forward(z);
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
        return new TurnOutput(loss, stats, MainTurn);
    }

    public Tensor Reconstruct(Tensor x, int batchSize = 256) =>
        Net.MapInChunks(x, chunk => Net.Decoder.forward(Net.Encoder.forward(chunk).Mean), batchSize);

    public Tensor Sample(int n, Generator? generator = null) =>
        Net.Evaluate(() => Net.Decoder.forward(ImageNoise.Normal([n, Options.LatentDim], Net.DeviceOf(), generator)));
}
