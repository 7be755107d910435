namespace SpeechDisentangle.Models.Tests.Images;

/// <summary>
/// Sets libtorch to one intra-op thread, once per test process: on the shared 2-core machine two spinning threads
/// cost several times more CPU, and changing the count while other tests run torch ops is unsafe.
/// </summary>
internal static class TorchThreads
{
    private static readonly Lazy<bool> Once = new(() =>
    {
        TorchSharp.torch.set_num_threads(1);
        return true;
    });

    public static void UseOne() => _ = Once.Value;
}
