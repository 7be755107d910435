using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>DANN features from plain vectors: Linear+ReLU layers. Reads "x" [B, inputs] float32.</summary>
public sealed class MlpExtractor : DannFeatureExtractor
{
    readonly Sequential _net;
    readonly long _inputs;
    readonly long _outputs;

    /// <param name="inputs">Input size.</param>
    /// <param name="hidden">Units of each layer; the last is the feature size.</param>
    public MlpExtractor(long inputs, IReadOnlyList<int> hidden) : base(nameof(MlpExtractor))
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        if (hidden.Count == 0 || hidden.Any(h => h < 1))
            throw new ArgumentException($"an MLP extractor needs at least one layer of >= 1 units (got [{string.Join(", ", hidden)}])", nameof(hidden));
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long width = inputs;
        for (int i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"fc{i}", nn.Linear(width, hidden[i])));
            layers.Add(($"relu{i}", nn.ReLU()));
            width = hidden[i];
        }
        _net = nn.Sequential(layers);
        _inputs = inputs;
        _outputs = width;
        RegisterComponents();
    }

    public override long OutputDim => _outputs;

    public override Tensor forward(Batch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = input.Get("x");
        if (x.dim() != 2 || x.shape[1] != _inputs)
            throw new ArgumentException($"'x' must be [batch, {_inputs}] (got [{string.Join(", ", x.shape)}])", nameof(input));
        return _net.forward(x);
    }
}
