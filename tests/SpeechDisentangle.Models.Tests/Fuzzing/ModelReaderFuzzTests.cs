using SpeechDisentangle.Fuzzing;

namespace SpeechDisentangle.Models.Tests.Fuzzing;

/// <summary>
/// Property tests: damaged copies of valid IDX files (plain and gzipped) and YAML run configs are read or rejected
/// with the reader's documented error naming the file; never another exception, a hang or a huge allocation. The
/// cases come from fixed seeds, so every machine runs the same ones (fuzz/run.sh runs the long, coverage-guided version).
/// </summary>
public class ModelReaderFuzzTests
{
    public static TheoryData<string> Readers => [.. ModelFuzzTargets.All().Select(t => t.Name)];

    static FuzzTarget Target(string name) => ModelFuzzTargets.All().Single(t => t.Name == name);

    [Theory]
    [MemberData(nameof(Readers))]
    public void Seeds_AreReadWithoutError(string reader)
    {
        var target = Target(reader);
        string dir = Directory.CreateTempSubdirectory("sdt-fuzz-seed-").FullName;
        try
        {
            foreach (byte[] seed in target.Seeds) target.Read(seed, Path.Combine(dir, "seed"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Mutants_AreReadOrRejectedWithTheDocumentedError(string reader) => ReaderContract.CheckMutants(Target(reader));
}
