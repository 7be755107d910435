using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Noise;

/// <summary>
/// Random draws for latent codes. Every draw goes through the run's generator (on the generator's own device, then
/// moved), so a seeded run repeats exactly on CPU and GPU.
/// </summary>
public static class ImageNoise
{
    /// <summary>Standard normal noise of the given shape.</summary>
    public static Tensor Normal(long[] shape, Device device, Generator? generator) =>
        randn(shape, device: generator?.device ?? device, generator: generator).to(device);

    /// <summary>Uniform noise in [lo, hi).</summary>
    public static Tensor Uniform(long[] shape, double lo, double hi, Device device, Generator? generator) =>
        (rand(shape, device: generator?.device ?? device, generator: generator) * (hi - lo) + lo).to(device);

    /// <summary>Uniform class indices in [0, classes) as int64 [n].</summary>
    public static Tensor Categories(long n, long classes, Device device, Generator? generator) =>
        randint(0, classes, [n], dtype: ScalarType.Int64, device: generator?.device ?? device, generator: generator).to(device);
}
