using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.AdaIn;
using SpeechDisentangle.Models.VoiceConversion.Common;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.AdaIn;

[Collection("torch")]
public class SpeakerContrastTests(ITestOutputHelper output)
{
    [Fact]
    public void Loss_TwoOrthogonalSpeakers_MatchesClosedForm()
    {
        using var scope = NewDisposeScope();
        var views = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        var speakers = tensor(new long[] { 0, 1 });

        double loss = SpeakerContrast.Loss(views, views * 3, speakers, temperature: 1).item<float>();

        // Each anchor: cosine 1 to its positive, 0 to the other speaker: log(e + 1) - 1.
        loss.Should().BeApproximately(Math.Log(Math.E + 1) - 1, 1e-5);
    }

    [Fact]
    public void Loss_EmbeddingsGroupedBySpeaker_LowerThanShuffled()
    {
        using var scope = NewDisposeScope();
        var speakers = tensor(new long[] { 0, 0, 1, 1, 2, 2 });
        var centres = eye(3) * 2;
        var grouped = centres.index_select(0, speakers) + (randn(6, 3, generator: new Generator(1)) * 0.1);
        var shuffled = grouped.index_select(0, tensor(new long[] { 2, 4, 0, 5, 1, 3 }));

        double good = SpeakerContrast.Loss(grouped, grouped, speakers, 0.1).item<float>();
        double bad = SpeakerContrast.Loss(shuffled, shuffled, speakers, 0.1).item<float>();

        good.Should().BeLessThan(0.5 * bad);
    }

    [Fact]
    public void Loss_MismatchedShapes_ThrowsNamingShapes()
    {
        using var scope = NewDisposeScope();
        var act = () => SpeakerContrast.Loss(zeros(4, 3), zeros(3, 3), zeros(4, dtype: ScalarType.Int64), 0.1);
        act.Should().Throw<ArgumentException>().WithMessage("*[4, 3]*[3, 3]*");
    }

    [Fact]
    public void AdaInStep_ExamplePositives_CountOnlyTheOwnReference_AndNeedNoSpeakerIds()
    {
        Trainer.SeedEverything(3);
        using var model = new AdaInVcModel(AdaInVcFixture.Options() with { SpeakerContrastWeight = 1 });
        using var scope = NewDisposeScope();
        var full = new SyntheticVoices(seed: 21).NextBatch(8);
        var withoutIds = new Batch { [VcBatchKeys.Mel] = full.Get(VcBatchKeys.Mel), [VcBatchKeys.ReferenceMel] = full.Get(VcBatchKeys.ReferenceMel) };
        var oneSpeaker = new Batch
        {
            [VcBatchKeys.Mel] = full.Get(VcBatchKeys.Mel),
            [VcBatchKeys.ReferenceMel] = full.Get(VcBatchKeys.ReferenceMel),
            [VcBatchKeys.Speaker] = zeros(8, dtype: ScalarType.Int64),
        };
        var context = new StepContext(0, 0.5, CPU, new Generator(6, CPU));

        double bySpeaker = new AdaInVcObjective(model).Step(oneSpeaker, "main", Stage.Train, context).Stats["speaker_contrast"].item<float>();
        using var byExampleModel = new AdaInVcModel(model.Options with { SpeakerContrastPositives = SpeakerContrastPositives.Example });
        byExampleModel.load_state_dict(model.state_dict());
        double byExample = new AdaInVcObjective(byExampleModel).Step(withoutIds, "main", Stage.Train, context).Stats["speaker_contrast"].item<float>();

        bySpeaker.Should().BeApproximately(0, 1e-6, "when every example is one speaker, every pair is a positive");
        byExample.Should().BeGreaterThan(0.01, "each example's only positive is its own reference");
    }

    [Fact]
    public void AdaInTraining_WithSpeakerContrast_ContrastFallsAndEmbeddingsSeparateSpeakers()
    {
        Trainer.SeedEverything(2);
        using var model = new AdaInVcModel(AdaInVcFixture.Options() with { SpeakerContrastWeight = 1 });
        var result = VcTraining.Fit(new AdaInVcObjective(model), 150, dataSeed: 11, trainerSeed: 4, AdaInVcFixture.Optimizer);

        var (first, last) = VcTraining.FirstAndLast(result, "speaker_contrast");
        output.WriteLine($"speaker contrast {first:F3} -> {last:F3}");
        last.Should().BeLessThan(0.5 * first);

        // Held-out utterances: each one's nearest other embedding (cosine) belongs to the same speaker.
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var batch = new SyntheticVoices(seed: 99).NextBatch(32);
        var embeddings = nn.functional.normalize(model.EncodeSpeaker(batch.Get(VcBatchKeys.Mel)), dim: 1);
        var similarity = embeddings.matmul(embeddings.t()) - (eye(32) * 10);
        var speakers = batch.Get(VcBatchKeys.Speaker);
        double accuracy = speakers.index_select(0, similarity.argmax(1)).eq(speakers).to(ScalarType.Float32).mean().item<float>();
        output.WriteLine($"1-NN speaker accuracy of the embeddings: {accuracy:F3} (chance {1.0 / SyntheticVoices.Speakers})");
        accuracy.Should().BeGreaterThan(0.8);
    }
}
