using SpeechDisentangle.Fuzzing;

namespace SpeechDisentangle.Audio.Tests.Fuzzing;

/// <summary>
/// Property tests: damaged copies of valid WAV, SPHERE, .npy, Kaldi ark and scp files are read or rejected with the
/// reader's documented error naming the file; never another exception, a hang or a huge allocation. The cases come
/// from fixed seeds, so every machine runs the same ones (fuzz/run.sh runs the long, coverage-guided version).
/// </summary>
public class AudioReaderFuzzTests
{

    static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "data");

    public static TheoryData<string> Readers => [.. AudioFuzzTargets.All(Fixtures).Select(t => t.Name)];

    static FuzzTarget Target(string name) => AudioFuzzTargets.All(Fixtures).Single(t => t.Name == name);

    [Theory]
    [MemberData(nameof(Readers))]
    public void Seeds_AreReadWithoutError(string reader)
    {
        var target = Target(reader);
        using var dir = new IO.TempDir();
        foreach (byte[] seed in target.Seeds) target.Read(seed, dir.File("seed"));
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Mutants_AreReadOrRejectedWithTheDocumentedError(string reader) =>
        ReaderContract.CheckMutants(Target(reader));
}
