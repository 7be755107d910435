using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>Triple-GAN's three players: classifier C(x), conditional generator G(z, y), discriminator D(x, y).</summary>
public sealed class TripleGanNet : nn.Module
{
    private readonly MnistFeatureClassifier classifier;
    private readonly nn.Module<Tensor, Tensor> generator;
    private readonly JointDiscriminator discriminator;
    private readonly MnistFeatureClassifier? averagedClassifier;
    private readonly int classes;

    public TripleGanNet(TripleGanOptions options) : base(nameof(TripleGanNet))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        classifier = new MnistFeatureClassifier(options.Classifier);
        generator = ImageNets.Generator(options.NoiseDim + options.Classes, options.BaseChannels);
        discriminator = new JointDiscriminator(options.Classes, options.BaseChannels, options.JointHidden);
        classes = options.Classes;
        // Registered only when on, so checkpoints of runs without an average keep loading.
        if (options.ClassifierAverageDecay > 0) averagedClassifier = new MnistFeatureClassifier(options.Classifier);
        RegisterComponents();
        if (averagedClassifier is null) return;
        WeightAverage.CopyFrom(averagedClassifier, classifier);
        foreach (var p in averagedClassifier.parameters()) p.requires_grad = false;
    }

    public TripleGanOptions Options { get; }

    public MnistFeatureClassifier Classifier => classifier;

    /// <summary>The moving average of C's weights, or null when <see cref="TripleGanOptions.ClassifierAverageDecay"/> is 0.</summary>
    public MnistFeatureClassifier? AveragedClassifier => averagedClassifier;

    /// <summary>The classifier predictions come from: the average when there is one, else C.</summary>
    public MnistFeatureClassifier PredictingClassifier => averagedClassifier ?? classifier;

    public nn.Module<Tensor, Tensor> GeneratorModule => generator;

    public JointDiscriminator Discriminator => discriminator;

    /// <summary>G(z, y): noise [B, NoiseDim], labels int64 [B] -> images [B, 1, 28, 28] in [-1, 1].</summary>
    public Tensor Generate(Tensor noise, Tensor labels) => generator.forward(cat([noise, OneHot(labels, noise.dtype)], 1));

    /// <summary>D(x, y) logits [B].</summary>
    public Tensor Judge(Tensor images, Tensor labels) => discriminator.forward(images, OneHot(labels, images.dtype));

    private Tensor OneHot(Tensor labels, ScalarType type) => nn.functional.one_hot(labels, classes).to_type(type);
}
