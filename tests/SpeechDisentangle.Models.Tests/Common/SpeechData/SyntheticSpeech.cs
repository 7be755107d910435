using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData;

/// <summary>
/// Tiny stand-in for log-mel speech: each speaker adds a constant spectral offset to every frame, each utterance
/// shows one of K spectral patterns over an 8-frame segment, and everything carries Gaussian noise. Speakers and
/// patterns are fixed by the world seed, so train and held sets drawn with other seeds share them.
/// Keys: feats [N, T, 16], lengths [N], content [N], frame_content [N, T] (0 = background, k + 1 = pattern k, -100 = padding), speaker [N].
/// </summary>
internal sealed class SyntheticSpeech
{
    public const int Bins = 16;
    public const int Frames = 24;
    const int MinLength = 16;
    const int Segment = 8;
    readonly float[][] _speakers;
    readonly float[][] _patterns;

    public SyntheticSpeech(int speakers, int classes, int seed, float speakerScale = 1f, float patternScale = 1.5f)
    {
        var rng = new Random(seed);
        _speakers = Enumerable.Range(0, speakers).Select(_ => Gaussian(rng, Bins, speakerScale)).ToArray();
        _patterns = Enumerable.Range(0, classes).Select(_ => Gaussian(rng, Bins, patternScale)).ToArray();
    }

    public int Speakers => _speakers.Length;

    public int Classes => _patterns.Length;

    /// <summary>Utterances cycling through every (speaker, class) pair, so both labels are balanced.</summary>
    public Dictionary<string, Tensor> Sample(int count, int seed, float noise = 0.5f)
    {
        var rng = new Random(seed);
        var feats = new float[count * Frames * Bins];
        var lengths = new long[count];
        var content = new long[count];
        var frameContent = new long[count * Frames];
        var speaker = new long[count];
        for (int i = 0; i < count; i++)
        {
            int s = i % Speakers, k = i / Speakers % Classes;
            int length = rng.Next(MinLength, Frames + 1);
            int start = rng.Next(0, length - Segment + 1);
            speaker[i] = s;
            content[i] = k;
            lengths[i] = length;
            for (int t = 0; t < Frames; t++)
            {
                bool inSegment = t >= start && t < start + Segment;
                frameContent[i * Frames + t] = t >= length ? -100 : inSegment ? k + 1 : 0;
                if (t >= length) continue;
                for (int f = 0; f < Bins; f++)
                {
                    float v = _speakers[s][f] + noise * Normal(rng) + (inSegment ? _patterns[k][f] : 0f);
                    feats[(i * Frames + t) * Bins + f] = v;
                }
            }
        }
        return new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["feats"] = tensor(feats, [count, Frames, Bins]),
            ["lengths"] = tensor(lengths),
            ["content"] = tensor(content),
            ["frame_content"] = tensor(frameContent, [count, Frames]),
            ["speaker"] = tensor(speaker),
        };
    }

    static float[] Gaussian(Random rng, int n, float scale) => Enumerable.Range(0, n).Select(_ => scale * Normal(rng)).ToArray();

    static float Normal(Random rng) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
}
