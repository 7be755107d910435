using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Images.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.InfoGan;

/// <summary>What the shared discriminator body says about an image batch.</summary>
/// <param name="Logit">Real/fake logit [B].</param>
/// <param name="CategoryLogits">Q's categorical logits [B, Categories].</param>
/// <param name="ContinuousMean">Q's mean of the continuous codes [B, ContinuousCodes].</param>
/// <param name="ContinuousLogVar">Q's log-variance of the continuous codes [B, ContinuousCodes], clamped to [-5, 5].</param>
public sealed record InfoGanJudgement(Tensor Logit, Tensor CategoryLogits, Tensor ContinuousMean, Tensor ContinuousLogVar);

/// <summary>
/// InfoGAN's networks as in Chen et al. (2016), appendix C.1 (MNIST): generator G(z, c) = FC HiddenUnits, FC 7x7x2C,
/// two stride-2 transposed convolutions; a discriminator body (two stride-2 convolutions, FC HiddenUnits) shared by
/// the adversarial head D and the code-recognition head Q (FC QHidden, then the code outputs). The fully connected
/// layers matter: without them the categorical code settles on pen styles instead of digit identity.
/// </summary>
public sealed class InfoGanNet : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> generator;
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly nn.Module<Tensor, Tensor> adversarialHead;
    private readonly nn.Module<Tensor, Tensor> qHead;

    public InfoGanNet(InfoGanOptions options) : base(nameof(InfoGanNet))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        generator = Generator(options.NoiseDim + options.Categories + options.ContinuousCodes, options.HiddenUnits, options.BaseChannels);
        body = Body(options.BaseChannels, options.HiddenUnits);
        adversarialHead = nn.Linear(options.HiddenUnits, 1);
        qHead = nn.Sequential(
            nn.Linear(options.HiddenUnits, options.QHidden),
            nn.BatchNorm1d(options.QHidden),
            nn.LeakyReLU(0.2),
            nn.Linear(options.QHidden, options.Categories + (2L * options.ContinuousCodes)));
        RegisterComponents();
        if (options.DcganInit) InfoGanInit.Apply(this);
    }

    public InfoGanOptions Options { get; }

    /// <summary>Parameters the "generator" optimizer moves: G.</summary>
    public IReadOnlyList<TorchSharp.Modules.Parameter> GeneratorParameters => ModuleExtensions.ParametersOf(generator);

    /// <summary>
    /// Parameters the "discriminator" optimizer moves: the shared body, the adversarial head and the Q head (Q's
    /// information term trains the body too, so its features come to carry the codes).
    /// </summary>
    public IReadOnlyList<TorchSharp.Modules.Parameter> DiscriminatorParameters => ModuleExtensions.ParametersOf(body, adversarialHead, qHead);

    /// <summary>G(z, c): noise [B, NoiseDim], categories int64 [B], continuous codes [B, ContinuousCodes] -> images in [-1, 1].</summary>
    public Tensor Generate(Tensor noise, Tensor categories, Tensor continuous)
    {
        var oneHot = nn.functional.one_hot(categories, Options.Categories).to_type(noise.dtype);
        return generator.forward(cat([noise, oneHot, continuous], 1));
    }

    /// <summary>Runs the shared body once and both heads on it.</summary>
    public InfoGanJudgement Judge(Tensor images)
    {
        var features = body.forward(images);
        var logit = adversarialHead.forward(features).squeeze(1);
        var q = qHead.forward(features);
        var k = Options.Categories;
        var c = Options.ContinuousCodes;
        return new InfoGanJudgement(
            logit,
            q.narrow(1, 0, k),
            q.narrow(1, k, c),
            q.narrow(1, k + c, c).clamp(-5, 5));
    }

    /// <summary>Codes [B, inputDim] -> FC hidden -> FC 7x7x2C -> 14x14xC -> image [B, 1, 28, 28] in [-1, 1].</summary>
    private static nn.Module<Tensor, Tensor> Generator(long inputDim, int hidden, int baseChannels)
    {
        long map = ImageNets.BodyFeatures(baseChannels);
        return nn.Sequential(
            nn.Linear(inputDim, hidden),
            nn.BatchNorm1d(hidden),
            nn.ReLU(),
            nn.Linear(hidden, map),
            nn.BatchNorm1d(map),
            nn.ReLU(),
            nn.Unflatten(1, [2L * baseChannels, ImageNets.MapSide, ImageNets.MapSide]),
            nn.ConvTranspose2d(2L * baseChannels, baseChannels, 4, stride: 2, padding: 1),
            nn.BatchNorm2d(baseChannels),
            nn.ReLU(),
            nn.ConvTranspose2d(baseChannels, 1, 4, stride: 2, padding: 1),
            nn.Tanh());
    }

    /// <summary>Image [B, 1, 28, 28] -> the shared conv body -> FC hidden with batch norm and leaky ReLU.</summary>
    private static nn.Module<Tensor, Tensor> Body(int baseChannels, int hidden) => nn.Sequential(
        ImageNets.ConvBody(baseChannels),
        nn.Linear(ImageNets.BodyFeatures(baseChannels), hidden),
        nn.BatchNorm1d(hidden),
        nn.LeakyReLU(0.2));
}
