using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Images.BiGan;
using SpeechDisentangle.Models.Images.Common;
using SpeechDisentangle.Models.Images.InfoGan;
using SpeechDisentangle.Models.Images.TripleGan;
using SpeechDisentangle.Models.Images.VaeGan;

namespace SpeechDisentangle.Models.Tests.Images.Common;

public class OptionsTests
{
    [Fact]
    public void InfoGanOptions_SeveralBadValues_ReportsAllAtOnce()
    {
        var act = () => new InfoGanOptions { NoiseDim = 0, Categories = 1, LambdaCon = -1 }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*noise_dim*").WithMessage("*categories*").WithMessage("*lambda_con*");
    }

    [Fact]
    public void TripleGanOptions_ClassifierClassesDisagree_Throws()
    {
        var act = () => new TripleGanOptions { Classes = 5, Alpha = 2 }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*classifier.classes (10) must equal classes (5)*").WithMessage("*alpha*");
    }

    [Fact]
    public void Defaults_AllValidate()
    {
        new InfoGanOptions().Validate();
        new VaeOptions().Validate();
        new VaeGanOptions().Validate();
        new BiGanOptions().Validate();
        new TripleGanOptions().Validate();
        new MnistClassifierOptions().Validate();
        new LogisticProbeOptions().Validate();
        new MnistDataOptions().Validate();
    }

    [Fact]
    public void MnistDataOptions_SeveralBadValues_ReportsAllAtOnce()
    {
        var act = () => new MnistDataOptions { TrainLimit = -1, LabelsPerClass = 0, LabelledBatchSize = 0 }.Validate();
        act.Should().Throw<InvalidOptionsException>().Which.Errors.Should().Equal(
            "data.train_limit must be >= 0 (got -1)", "data.labels_per_class must be >= 1 (got 0)", "data.labelled_batch_size must be >= 1 (got 0)");
    }

    [Fact]
    public void VaeGanOptions_NegativeGamma_Throws()
    {
        var act = () => new VaeGanOptions { Gamma = -1, LatentDim = 0 }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*gamma*").WithMessage("*latent_dim*");
    }
}
