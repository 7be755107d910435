using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images;

/// <summary>What the shared discriminator body says about an image batch.</summary>
/// <param name="Logit">Real/fake logit [B].</param>
/// <param name="CategoryLogits">Q's categorical logits [B, Categories].</param>
/// <param name="ContinuousMean">Q's mean of the continuous codes [B, ContinuousCodes].</param>
/// <param name="ContinuousLogVar">Q's log-variance of the continuous codes [B, ContinuousCodes], clamped to [-5, 5].</param>
public sealed record InfoGanJudgement(Tensor Logit, Tensor CategoryLogits, Tensor ContinuousMean, Tensor ContinuousLogVar);

/// <summary>
/// InfoGAN's networks: generator G(z, c) and a discriminator body shared by the adversarial head D and the
/// code-recognition head Q.
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
        var features = ImageNets.BodyFeatures(options.BaseChannels);
        generator = ImageNets.Generator(options.NoiseDim + options.Categories + options.ContinuousCodes, options.BaseChannels);
        body = ImageNets.ConvBody(options.BaseChannels);
        adversarialHead = nn.Linear(features, 1);
        qHead = nn.Sequential(
            nn.Linear(features, options.QHidden),
            nn.BatchNorm1d(options.QHidden),
            nn.LeakyReLU(0.2),
            nn.Linear(options.QHidden, options.Categories + (2L * options.ContinuousCodes)));
        RegisterComponents();
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
}
