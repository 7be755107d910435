using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Core.Config;
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
    }

    [Fact]
    public void VaeGanOptions_NegativeGamma_Throws()
    {
        var act = () => new VaeGanOptions { Gamma = -1, LatentDim = 0 }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*gamma*").WithMessage("*latent_dim*");
    }
}
