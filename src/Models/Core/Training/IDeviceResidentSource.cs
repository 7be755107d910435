using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// A batch source whose whole dataset can sit on the training device, so a batch is cut there with no host-to-device
/// copy (and no host sync) per step. The <see cref="Trainer"/> moves such a source once, before the first step, when
/// it fits under <see cref="TrainerOptions.DataOnDeviceMaxMb"/>.
/// </summary>
public interface IDeviceResidentSource
{
    /// <summary>Bytes the source's tensors take.</summary>
    long ByteSize { get; }

    /// <summary>Where the tensors live now.</summary>
    Device Device { get; }

    /// <summary>Moves every tensor to <paramref name="device"/>; a no-op when they are already there.</summary>
    void MoveTo(Device device);
}
