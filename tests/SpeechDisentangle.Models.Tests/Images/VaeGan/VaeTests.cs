using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Images.Common;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Images.VaeGan;

// Imported inside the namespace: a test namespace of the same name would hide the type otherwise.
using SpeechDisentangle.Models.Images.VaeGan;

[Collection("torch")]
public class VaeTests(ITestOutputHelper output)
{
    [Fact]
    public void Vae_Train_ReconstructionErrorFalls()
    {
        var (x, _) = SyntheticDigits.Make(perClass: 10, seed: 11);
        Trainer.SeedEverything(11);
        var model = new Vae(new VaeNet(new VaeOptions { LatentDim = 8, BaseChannels = 8 }));
        var before = ImageQuality.ReconstructionMse(model, x);
        using var runner = new TurnRunner(model);

        runner.Train(60, g => TurnRunner.Sample(g, 32, ("x", x)));

        ImageQuality.ReconstructionMse(model, x).Should().BeLessThan(0.5 * before);
        runner.LastMean("loss", 10).Should().BeLessThan(runner.Mean("loss", 0, 5));
    }

    [Fact]
    public void VaeGan_Train_ReconstructionFallsAndDiscriminatorSeparates()
    {
        var (x, _) = SyntheticDigits.Make(perClass: 10, seed: 12);
        Trainer.SeedEverything(12);
        var model = new VaeGan(new VaeGanNet(VaeGanTiny));
        var before = ImageQuality.ReconstructionMse(model, x);
        using var runner = new TurnRunner(model, optimizers: VaeGanTinyOptimizers);

        runner.Train(60, g => TurnRunner.Sample(g, 32, ("x", x)));

        var after = ImageQuality.ReconstructionMse(model, x);
        output.WriteLine(FormattableString.Invariant($"vaegan mse {before:F4} -> {after:F4}; recon_feature {runner.Mean("recon_feature", 0, 5):F1} -> {runner.LastMean("recon_feature", 10):F1}"));
        after.Should().BeLessThan(0.7 * before, "Dis_l similarity pulls reconstructions towards the inputs");
        // recon_feature is measured in the discriminator's feature space, which moves as the discriminator learns,
        // so whether it ends lower than it started depends on the game (364.0 -> 365.0 with one seed); the pixel
        // error above is the fixed yardstick.
        runner.History["d_loss"].Should().OnlyContain(v => double.IsFinite(v));
        var margin = runner.History["d_real"].Zip(runner.History["d_fake"], (r, f) => r - f).Average();
        margin.Should().BePositive("the discriminator rates real images above reconstructions and prior samples");
    }

    [Fact]
    public void VaeGan_DiscriminatorTurnAlone_MakesItsOwnFakes()
    {
        var (x, _) = SyntheticDigits.Make(perClass: 2, seed: 13);
        var model = new VaeGan(new VaeGanNet(VaeGanTiny));
        var batch = new Batch { ["x"] = x };
        using var g = new Generator(13);

        var output = model.Step(batch, VaeGan.DiscriminatorTurn, Stage.Train, new StepContext(0, 0, CPU, g));

        output.Loss.requires_grad.Should().BeTrue();
        double.IsFinite(output.Loss.item<float>()).Should().BeTrue("without the decoder turn's fakes the turn draws its own");
    }

    [Fact]
    public void VaeGan_Turns_UseTheirOwnOptimizers()
    {
        var model = new VaeGan(new VaeGanNet(VaeGanTiny));

        model.Turns.Should().Equal("encoder", "decoder", "discriminator");
        model.Optimizers.Select(o => o.Name).Should().Equal("encoder", "decoder", "discriminator");
        var all = model.Optimizers.SelectMany(o => o.Parameters).ToList();
        all.Should().OnlyHaveUniqueItems("no parameter belongs to two optimizers");
        all.Should().HaveCount(model.Module.parameters().Count());
    }

    [Fact]
    public void Sample_ReturnsImagesInRange()
    {
        var model = new Vae(new VaeNet(new VaeOptions { LatentDim = 4, BaseChannels = 4 }));
        using var g = new Generator(1);

        using var images = model.Sample(6, g);

        images.shape.Should().Equal(6, 1, 28, 28);
        images.min().item<float>().Should().BeGreaterThanOrEqualTo(-1);
        images.max().item<float>().Should().BeLessThanOrEqualTo(1);
    }

    internal static VaeGanOptions VaeGanTiny => new()
    {
        LatentDim = 8,
        BaseChannels = 8,
    };

    internal static readonly Dictionary<string, OptimizerSettings> VaeGanTinyOptimizers = new()
    {
        [VaeGan.EncoderTurn] = new() { Kind = OptimizerKind.Rmsprop, LearningRate = 1e-3 },
        [VaeGan.DecoderTurn] = new() { Kind = OptimizerKind.Rmsprop, LearningRate = 1e-3 },
        [VaeGan.DiscriminatorTurn] = new() { Kind = OptimizerKind.Rmsprop, LearningRate = 1e-3 },
    };
}
