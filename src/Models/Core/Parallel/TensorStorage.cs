using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Parallel;

/// <summary>
/// The address of a contiguous CPU tensor's first element, for native code that reads or writes it in place (MPI).
/// TorchSharp 0.107 has no public data_ptr(); LibTorchSharp's export THSTensor_data returns at::Tensor::data_ptr().
/// </summary>
internal static unsafe class TensorStorage
{
    static readonly Lazy<nint> DataExport = new(() =>
        NativeLibrary.GetExport(NativeLibrary.Load("LibTorchSharp", typeof(torch).Assembly, null), "THSTensor_data"));

    /// <exception cref="ArgumentException">The tensor is not on the CPU or not contiguous.</exception>
    public static nint Address(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
            throw new ArgumentException($"only a contiguous CPU tensor has one address (got a {(tensor.is_contiguous() ? "" : "non-contiguous ")}tensor on {tensor.device})", nameof(tensor));
        return ((delegate* unmanaged<nint, nint>)DataExport.Value)(tensor.Handle);
    }
}
