using SpeechDisentangle.Models.Common.SpeechData;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData;

public sealed class ModelFrontEndTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "sdt-model-front-end-" + Guid.NewGuid().ToString("N"));

    public ModelFrontEndTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Problem_EndingInAParenthesisOrSpanningLines_ReadsBackAsOneLine()
    {
        var written = new ModelFrontEnd { Problem = "feats_job.txt: cut short\n(truncated archive?)", TrainingData = _dir, Cmvn = CmvnMode.Global };

        written.Write(_dir);
        var read = ModelFrontEnd.Read(_dir)!;

        read.Problem.Should().Be("feats_job.txt: cut short (truncated archive?)");
        read.Features.Should().BeNull();
        read.Normalisation.Should().Be(written.Normalisation);
    }

    [Fact]
    public void FromData_RecordThatCannotBeOpened_RecordsTheProblemInsteadOfFailing()
    {
        // A link to nowhere exists as a name but cannot be read: an IOException, not an InvalidDataException.
        string job = Path.Combine(_dir, "feats_job.txt");
        File.CreateSymbolicLink(job, Path.Combine(_dir, "gone"));

        var frontEnd = ModelFrontEnd.FromData(_dir, new ModelNormalisation(CmvnMode.Utterance, NormVars: true));

        frontEnd.Features.Should().BeNull();
        frontEnd.Problem.Should().Contain(_dir);
        frontEnd.Normalisation.Should().Be(new ModelNormalisation(CmvnMode.Utterance, NormVars: true));
    }
}
