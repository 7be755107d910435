using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.Images.InfoGan;
using SpeechDisentangle.Models.Tests.Images.VaeGan;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Images.Common;

// Imported inside the namespace: a test namespace of the same name would hide the type otherwise.
using SpeechDisentangle.Models.Images.BiGan;
using SpeechDisentangle.Models.Images.InfoGan;
using SpeechDisentangle.Models.Images.TripleGan;
using SpeechDisentangle.Models.Images.VaeGan;

/// <summary>Every image objective must also run the trainer's validation pass (eval mode, no_grad).</summary>
[Collection("torch")]
public class EvaluationTests
{
    public static TheoryData<string> Models => ["infogan", "vae", "vaegan", "bigan", "triplegan"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Optimizers_AfterModuleMove_CoverTheModulesCurrentParametersOnce(string name)
    {
        var model = Build(name);

        model.Module.to(ScalarType.Float64);

        var specParameters = model.Optimizers.SelectMany(o => o.Parameters).ToList();
        specParameters.Should().OnlyContain(p => p.dtype == ScalarType.Float64);
        specParameters.Should().HaveCount(model.Module.parameters().Count()).And.OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Evaluate_UnderTrainer_ReportsFiniteStatsOfEveryTurn(string name)
    {
        TorchTestSetup.Init();
        var (x, y) = SyntheticDigits.Make(perClass: 2, seed: 51);
        var model = Build(name);
        IBatchSource source = name == "triplegan"
            ? new SemiSupervisedBatchSource(x, y, [0, 1, 2], batchSize: 8, labelledBatchSize: 3)
            : new TensorBatchSource(new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y }, batchSize: 8);
        using var owned = (IDisposable)source;
        using var trainer = new Trainer(model, new TrainerOptions { MaxSteps = 1, Progress = false }, log: TextWriter.Null);

        var stats = trainer.Evaluate(source);

        stats.Should().NotBeEmpty();
        stats.Values.Should().OnlyContain(v => double.IsFinite(v));
        model.Module.training.Should().BeTrue("evaluation restores the training mode");
    }

    private static ITrainable Build(string name) => name switch
    {
        "infogan" => new InfoGan(new InfoGanNet(InfoGanTests.Tiny)),
        "vae" => new Vae(new VaeNet(new VaeOptions { LatentDim = 4, BaseChannels = 4 })),
        "vaegan" => new VaeGan(new VaeGanNet(VaeTests.VaeGanTiny)),
        "bigan" => new BiGan(new BiGanNet(new BiGanOptions { LatentDim = 4, BaseChannels = 4, JointHidden = 8 })),
        _ => new TripleGan(new TripleGanNet(new TripleGanOptions { NoiseDim = 4, BaseChannels = 4, JointHidden = 8, Classifier = new() { BaseChannels = 4, FeatureDim = 8 } })),
    };
}
