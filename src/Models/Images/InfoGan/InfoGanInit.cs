using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.InfoGan;

/// <summary>
/// The DCGAN initialisation the InfoGAN reference code uses: conv and linear weights ~ N(0, 0.02), batch-norm scales
/// ~ N(1, 0.02), biases 0. Small weights ahead of batch norm give those layers a large effective step size, which
/// lets the categorical code take hold of G early.
/// </summary>
public static class InfoGanInit
{
    public const double WeightStd = 0.02;

    /// <summary>Re-initialises every parameter of <paramref name="module"/> in place, drawing from torch's global generator.</summary>
    public static void Apply(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (name.EndsWith("bias", StringComparison.Ordinal)) nn.init.zeros_(parameter);
            else if (parameter.dim() == 1) nn.init.normal_(parameter, 1.0, WeightStd);   // batch-norm scale
            else nn.init.normal_(parameter, 0.0, WeightStd);
        }
    }
}
