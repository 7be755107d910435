namespace SpeechDisentangle.Models.Tests.Sit;

/// <summary>One tiny split and one short SIT run with utterance-level content, shared by the task and extract tests.</summary>
public sealed class SitTaskFixture() : SitRunFixture(Config)
{
    public const string Config = """
        model: sit
        model_options:
          speaker_classes: 3
          content_classes: 3
          encoder:
            input_bins: 6
            channels: [16, 16]
            kernels: [3, 3]
            dilations: [1, 2]
          content_hidden: 16
          speaker_hidden: 16
        trainer:
          max_steps: 60
          batch_size: 16
          log_every: 60
          seed: 1
          progress: false
        optimizers:
          encoder_content:
            learning_rate: 0.01
        data:
          cmvn: utt
          probe_steps: 60
        """;
}
