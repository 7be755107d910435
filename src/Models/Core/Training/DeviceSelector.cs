using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>Turns a device name from the options ("cpu", "cuda", "cuda:1", "auto") into a torch device.</summary>
public static class DeviceSelector
{
    public static bool IsValidName(string name) =>
        name is "cpu" or "cuda" or "auto" ||
        (name.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out _));

    /// <summary>Resolves <paramref name="name"/>; "auto" picks cuda when torch sees a GPU. Asking for cuda without one throws.</summary>
    public static Device Resolve(string name)
    {
        if (!IsValidName(name)) throw new ArgumentException($"device must be cpu, cuda, cuda:N or auto (got '{name}')", nameof(name));
        if (name == "auto") return torch.cuda.is_available() ? CUDA : CPU;
        if (name == "cpu") return CPU;
        if (!torch.cuda.is_available())
            throw new InvalidOperationException($"device '{name}' was asked for but torch sees no CUDA device (TorchSharp-cpu build, or no GPU)");
        return torch.device(name);
    }
}
