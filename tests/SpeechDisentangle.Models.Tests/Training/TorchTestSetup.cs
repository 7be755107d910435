using TorchSharp;

namespace SpeechDisentangle.Models.Tests.Training;

internal static class TorchTestSetup
{
    /// <summary>
    /// One intra-op thread: the test models are tiny, and on a small shared machine torch's default thread pool
    /// spends more time waking threads than computing.
    /// </summary>
    public static void Init() => torch.set_num_threads(1);
}
