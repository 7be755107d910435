using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

public sealed class SynthAudioTests : TempCorpus
{
    public SynthAudioTests() : base("synthaudio") => Directory.CreateDirectory(Root);

    [Fact]
    public void SphereWriter_Write_ReadsBackAsTimitSphere()
    {
        var samples = Enumerable.Range(0, 1000).Select(i => 0.5f * MathF.Sin(i * 0.05f)).ToArray();
        string path = Path.Combine(Root, "SX1.WAV");

        SphereWriter.Write(path, samples, 16000);

        File.ReadAllText(path)[..8].Should().Be("NIST_1A\n");
        new FileInfo(path).Length.Should().Be(1024 + (2 * samples.Length));
        var audio = AudioReader.Read(path);
        audio.SampleRate.Should().Be(16000);
        audio.ToMono().Should().Equal(samples, (a, b) => MathF.Abs(a - b) <= 1f / 32768);
    }

    [Fact]
    public void TrimSilence_ToneBetweenSilences_KeepsTheToneToWithinOneBlock()
    {
        var tone = Enumerable.Range(0, 3200).Select(i => 0.3f * MathF.Sin(i * 0.2f));
        var samples = new float[4000].Concat(tone).Concat(new float[2400]).ToArray();

        var trimmed = SynthAudio.TrimSilence(samples);

        trimmed.Length.Should().BeInRange(3200, 3200 + 160, "10 ms blocks at 16 kHz");
        trimmed.Take(200).Should().Contain(x => MathF.Abs(x) > 0.1f);
    }
}
