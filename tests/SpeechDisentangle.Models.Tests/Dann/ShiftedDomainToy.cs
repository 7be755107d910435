using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Dann;

/// <summary>
/// A domain-shift toy: 4 classes at the corners of a square in the first two dimensions, plus 8 nuisance
/// dimensions that are 0 in the source domain and large in the target. A source-only network never learns to
/// ignore the nuisance dimensions (they never vary in its data), so the target shift corrupts its features.
/// Keys: x [N, 10], label [N], domain [N].
/// </summary>
internal static class ShiftedDomainToy
{
    public const int Inputs = 10;
    public const int Classes = 4;

    public static Dictionary<string, Tensor> Sample(int count, bool target, int seed, float shift = 4f)
    {
        var rng = new Random(seed);
        var x = new float[count * Inputs];
        var label = new long[count];
        for (int i = 0; i < count; i++)
        {
            int c = i % Classes;
            label[i] = c;
            x[i * Inputs] = (c % 2 == 0 ? -1.5f : 1.5f) + 0.4f * Normal(rng);
            x[i * Inputs + 1] = (c / 2 == 0 ? -1.5f : 1.5f) + 0.4f * Normal(rng);
            for (int j = 2; j < Inputs; j++) x[i * Inputs + j] = target ? shift + 0.5f * Normal(rng) : 0f;
        }
        return new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["x"] = tensor(x, [count, Inputs]),
            ["label"] = tensor(label),
            ["domain"] = full(count, target ? 1L : 0L, ScalarType.Int64),
        };
    }

    /// <summary>Source and target rows in one set; target labels are hidden (-100) as in unsupervised adaptation.</summary>
    public static Dictionary<string, Tensor> Mixed(Dictionary<string, Tensor> source, Dictionary<string, Tensor> target) => new(StringComparer.Ordinal)
    {
        ["x"] = cat([source["x"], target["x"]], 0),
        ["label"] = cat([source["label"], full_like(target["label"], -100L)], 0),
        ["domain"] = cat([source["domain"], target["domain"]], 0),
    };

    static float Normal(Random rng) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
}
