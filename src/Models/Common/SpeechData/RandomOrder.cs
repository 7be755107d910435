using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>Row orders drawn from an epoch generator, the draws the in-memory batch sources make.</summary>
internal static class RandomOrder
{
    /// <summary>A permutation of 0..n-1 (torch randperm, so a streamed plan consumes the generator as a tensor source does).</summary>
    public static long[] Permutation(long n, Generator generator)
    {
        using var order = randperm(n, generator: generator);
        return order.data<long>().ToArray();
    }
}
