using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.Common;
using SpeechDisentangle.Models.Tests.Images.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Images.BiGan;

// Imported inside the namespace: a test namespace of the same name would hide the type otherwise.
using SpeechDisentangle.Models.Images.BiGan;

[Collection("torch")]
public class BiGanTests
{
    [Fact]
    public void Train_OnSyntheticDigits_EncoderFeaturesSeparateClasses()
    {
        var (x, y) = SyntheticDigits.Make(perClass: 20, seed: 31);
        var (testX, testY) = SyntheticDigits.Make(perClass: 10, seed: 32);
        Trainer.SeedEverything(31);
        var model = new BiGan(new BiGanNet(new BiGanOptions { LatentDim = 8, BaseChannels = 8, JointHidden = 32 }));
        using var runner = new TurnRunner(model);

        runner.Train(80, g => TurnRunner.Sample(g, 32, ("x", x)));

        runner.History["d_loss"].Concat(runner.History["g_loss"]).Should().OnlyContain(v => double.IsFinite(v));
        runner.History["d_loss"].Take(20).Min().Should().BeLessThan(runner.History["d_loss"][0], "D first learns to tell the pairs apart");
        var probes = BiGanMetrics.ProbeEncoder(model, x, y, testX, testY, new LogisticProbeOptions { Steps = 100 });
        probes.NearestNeighbour.Should().BeGreaterThan(0.3, "chance is 0.1");
        probes.Logistic.Should().BeGreaterThan(0.3, "chance is 0.1");
        probes.NearestNeighbourHidden.Should().BeGreaterThan(0.3, "chance is 0.1");
        probes.NearestNeighbourPixels.Should().BeGreaterThan(0.3, "the synthetic digits are separable in pixels too");
    }

    [Fact]
    public void EncoderFeatures_AreTheInputOfEncodersOutputLayer()
    {
        Trainer.SeedEverything(33);
        var model = new BiGan(new BiGanNet(new BiGanOptions { LatentDim = 4, BaseChannels = 4, JointHidden = 8 }));
        var (x, _) = SyntheticDigits.Make(perClass: 1, seed: 33);

        using var hidden = model.EncodeFeatures(x);
        using var encoded = model.Encode(x);

        hidden.shape.Should().Equal(x.shape[0], ImageNets.BodyFeatures(4));
        var outputLayer = (TorchSharp.Modules.Linear)model.Model.Encoder.children().Last();
        using var fromHidden = outputLayer.forward(hidden);
        fromHidden.allclose(encoded, rtol: 1e-5, atol: 1e-5).Should().BeTrue("E(x) is its output layer applied to the hidden features");
    }

    [Fact]
    public void Train_WithReconstructionTerm_ReconstructionErrorFallsBelowPureBiGans()
    {
        var (x, _) = SyntheticDigits.Make(perClass: 20, seed: 35);
        double FinalReconstruction(double weight)
        {
            Trainer.SeedEverything(35);
            var model = new BiGan(new BiGanNet(new BiGanOptions { LatentDim = 8, BaseChannels = 8, JointHidden = 32, ReconstructionWeight = weight }));
            using var runner = new TurnRunner(model);
            runner.Train(60, g => TurnRunner.Sample(g, 32, ("x", x)));
            if (weight > 0) runner.LastMean("g_recon", 10).Should().BeLessThan(runner.Mean("g_recon", 0, 10), "the term is minimised");
            using var reconstructed = model.Model.MapInChunks(x, images => model.Model.Generator.forward(model.Model.Encoder.forward(images)));
            return nn.functional.mse_loss(reconstructed, x).item<float>();
        }

        FinalReconstruction(1.0).Should().BeLessThan(FinalReconstruction(0.0), "ALICE's cycle term makes G(E(x)) resemble x");
    }

    [Fact]
    public void GeneratorTurn_MovesGeneratorAndEncoderOnly()
    {
        var model = new BiGan(new BiGanNet(new BiGanOptions { LatentDim = 4, BaseChannels = 4, JointHidden = 8 }));

        var generatorParameters = model.Optimizers.Single(o => o.Name == "generator").Parameters;
        var generatorAndEncoder = model.Model.Generator.parameters().Concat(model.Model.Encoder.parameters());

        generatorParameters.Should().Equal(generatorAndEncoder, ReferenceEquals);
        model.Optimizers.Single(o => o.Name == "discriminator").Parameters.Should().HaveCount(model.Model.Discriminator.parameters().Count());
    }
}
