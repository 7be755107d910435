using System.Globalization;
using TorchSharp;

namespace SpeechDisentangle.Models.Tests.Core.Training;

/// <summary>
/// Sets libtorch's intra-op thread count once per test process: one thread by default (the test models are tiny, and
/// on a small shared machine torch's thread pool spends more time waking threads than computing), or
/// <c>SDT_TEST_TORCH_THREADS</c>, so the suite can be checked under other thread counts, whose reductions round
/// differently. Changing the count while other tests run torch ops is unsafe, hence once.
/// </summary>
internal static class TorchTestSetup
{
    private static readonly Lazy<int> Threads = new(() =>
    {
        var requested = Environment.GetEnvironmentVariable("SDT_TEST_TORCH_THREADS");
        var threads = string.IsNullOrEmpty(requested) ? 1 : int.Parse(requested, CultureInfo.InvariantCulture);
        torch.set_num_threads(threads);
        return threads;
    });

    public static void Init() => _ = Threads.Value;
}
