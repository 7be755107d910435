using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Layers;

/// <summary>
/// The gradient reversal layer as a module: place it between a feature extractor and a domain (or speaker)
/// classifier. <see cref="Lambda"/> is usually annealed with <see cref="DannSchedule.Lambda"/>.
/// </summary>
public sealed class GradientReversal : nn.Module<Tensor, Tensor>
{
    public GradientReversal(double lambda = 1.0) : base(nameof(GradientReversal))
    {
        Lambda = lambda;
        RegisterComponents();
    }

    /// <summary>The factor the gradient is multiplied by (after negation); settable per step.</summary>
    public double Lambda { get; set; }

    public override Tensor forward(Tensor input) => GradientReversalFunction.Apply(input, Lambda);
}
