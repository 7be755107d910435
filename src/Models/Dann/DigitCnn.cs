using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// DANN features for digit images, after Ganin et al.'s MNIST→MNIST-M extractor: conv5x5(32)-ReLU-maxpool2,
/// conv5x5(48)-ReLU-maxpool2, then average-pooled to 4x4, giving 768 features. Reads "x" [B, C, H, W] float32 in
/// [0, 1] with H = W = 28 or 32; a 1-channel input is repeated to <see cref="InChannels"/> channels so grayscale
/// MNIST and RGB MNIST-M share one extractor. Optionally each convolution is followed by batch normalisation
/// (<see cref="DannBatchNorm"/>); <see cref="DannModel"/> then passes source and target rows separately, so each
/// domain is normalised by its own batch statistics.
/// </summary>
public sealed class DigitCnn : DannFeatureExtractor
{
    readonly Sequential _net;
    readonly int _inChannels;
    readonly DomainBatchNorm2d[] _norms;

    /// <param name="inChannels">Channels the convolutions expect: 1 (gray) or 3 (RGB).</param>
    /// <param name="batchNorm">Whether and how to normalise after each convolution.</param>
    public DigitCnn(int inChannels = 3, DannBatchNorm batchNorm = DannBatchNorm.None) : base(nameof(DigitCnn))
    {
        if (inChannels is not (1 or 3)) throw new ArgumentException($"a digit CNN takes 1 or 3 channels (got {inChannels})", nameof(inChannels));
        _inChannels = inChannels;
        BatchNorm = batchNorm;
        int domains = batchNorm == DannBatchNorm.PerDomain ? 2 : 1;
        _norms = batchNorm == DannBatchNorm.None ? [] : [new DomainBatchNorm2d(32, domains), new DomainBatchNorm2d(48, domains)];
        var layers = new List<(string, nn.Module<Tensor, Tensor>)> { ("conv1", nn.Conv2d(inChannels, 32, 5)) };
        if (_norms.Length > 0) layers.Add(("norm1", _norms[0]));
        layers.AddRange([("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)), ("conv2", nn.Conv2d(32, 48, 5))]);
        if (_norms.Length > 0) layers.Add(("norm2", _norms[1]));
        layers.AddRange([("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)), ("shape", nn.AdaptiveAvgPool2d(4)), ("flat", nn.Flatten())]);
        _net = nn.Sequential(layers);
        RegisterComponents();
    }

    public int InChannels => _inChannels;

    public override DannBatchNorm BatchNorm { get; }

    public override int Domain
    {
        set
        {
            foreach (var norm in _norms) norm.Domain = BatchNorm == DannBatchNorm.PerDomain ? value : 0;
        }
    }

    public override long OutputDim => 48 * 4 * 4;

    public override Tensor forward(Batch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = input.Get("x");
        if (x.dim() != 4 || x.shape[2] != x.shape[3] || x.shape[2] is not (28 or 32) || (x.shape[1] != 1 && x.shape[1] != _inChannels))
            throw new ArgumentException($"'x' must be [batch, 1 or {_inChannels}, 28|32, 28|32] (got [{string.Join(", ", x.shape)}])", nameof(input));
        if (x.shape[1] != _inChannels) x = x.expand(-1, _inChannels, -1, -1);
        return _net.forward(x);
    }
}
