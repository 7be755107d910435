using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Vocoder;

/// <summary>
/// The batched tensor front end (torch.stft + mel matmul, as the vocoder uses and as runs on CUDA) agrees with the
/// CPU extractor of the htk and slaney presets.
/// </summary>
[Collection("torch")]
public sealed class BatchedFrontEndTests
{
    public BatchedFrontEndTests() => TorchTestSetup.Init();

    static float[] Signal(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(i =>
            (float)(0.4 * Math.Sin(2 * Math.PI * (200 + 3 * seed) * i / 16000.0 * (1 + i / 40000.0)) + 0.02 * (rng.NextDouble() - 0.5))).ToArray();
    }

    static void AssertAgrees(string device, bool slaney, int? nFft = null)
    {
        var options = (slaney ? LogMelOptions.Slaney() : LogMelOptions.Htk()) with { NFft = nFft };
        var spec = new MelSpec
        {
            Scale = slaney ? MelSpecScale.Slaney : MelSpecScale.Htk,
            Norm = slaney ? MelSpecNorm.Slaney : MelSpecNorm.None,
            NFft = options.FftLength,
        };
        var extractor = new LogMelExtractor(options);
        var signals = new[] { Signal(8000, 1), Signal(8000, 2), Signal(8000, 3) };
        using var batch = stack(signals.Select(s => tensor(s)).ToArray()).to(ScalarType.Float64).to(new Device(device));
        using var logMel = new TorchLogMel(spec, ScalarType.Float64);
        using var batched = logMel.LogMel(batch).cpu().to(ScalarType.Float32);       // [B, NMels, T]

        for (int b = 0; b < signals.Length; b++)
        {
            float[] reference = extractor.Compute(signals[b]);   // [T, NMels]
            int frames = reference.Length / extractor.NumBins;
            batched.shape[2].Should().Be(frames);
            var got = batched[b].t().contiguous().data<float>().ToArray();
            double maxDiff = reference.Zip(got, (x, y) => Math.Abs(x - y)).Max();
            maxDiff.Should().BeLessThan(1e-4, $"utterance {b} on {device}");
        }
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(true, 512)] // ESPnet's framing: the 400-sample window zero-padded to 512 points
    [InlineData(false, 1024)]
    public void BatchedLogMel_Cpu_MatchesTheExtractorWithin1e4(bool slaney, int? nFft) => AssertAgrees("cpu", slaney, nFft);

    [CudaFact]
    public void BatchedLogMel_Cuda_MatchesTheExtractorWithin1e4()
    {
        AssertAgrees("cuda", slaney: false);
        AssertAgrees("cuda", slaney: true);
    }
}
