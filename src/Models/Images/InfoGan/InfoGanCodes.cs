using SpeechDisentangle.Models.Common.Noise;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.InfoGan;

/// <summary>One draw of InfoGAN's generator inputs.</summary>
/// <param name="Noise">z ~ Uniform(-1, 1) or N(0, I) (<see cref="InfoGanOptions.Noise"/>), [B, NoiseDim].</param>
/// <param name="Categories">c1 ~ Uniform{0..K-1}, int64 [B].</param>
/// <param name="Continuous">c2.. ~ Uniform(-1, 1), [B, ContinuousCodes].</param>
public sealed record InfoGanCodes(Tensor Noise, Tensor Categories, Tensor Continuous)
{
    /// <summary>Draws all codes from <paramref name="generator"/>, in a fixed order (noise, categories, continuous).</summary>
    public static InfoGanCodes Draw(InfoGanOptions options, long n, Device device, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new InfoGanCodes(
            options.Noise == InfoGanNoise.Uniform
                ? ImageNoise.Uniform([n, options.NoiseDim], -1, 1, device, generator)
                : ImageNoise.Normal([n, options.NoiseDim], device, generator),
            ImageNoise.Categories(n, options.Categories, device, generator),
            ImageNoise.Uniform([n, options.ContinuousCodes], -1, 1, device, generator));
    }
}
