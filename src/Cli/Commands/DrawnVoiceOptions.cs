using System.CommandLine;
using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>
/// `--voices N --voice-seed S` of the espeak-ng corpus synthesisers: N voices drawn from espeak-ng voice parameters
/// (<see cref="VoiceSampler"/>) instead of `--speakers` named voices.
/// </summary>
internal sealed class DrawnVoiceOptions
{
    public Option<int?> Voices { get; } = new("--voices")
    {
        Description = $"Draw this many voices (2..{SynthSpeaker.MaxDrawn}) from a seeded distribution over espeak-ng voice parameters " +
                      "(pitch, formants, breath, creak, tilt, echo, rate, accent) instead of the named voices of --speakers; " +
                      $"their parameters go to {VoiceTable.FileName} and {VoiceTable.VariantFolder}/ in the corpus.",
    };

    public Option<int> Seed { get; } = new("--voice-seed")
    {
        Description = "Seed of the drawn voices (with --voices); voice i depends only on the seed and i.",
        DefaultValueFactory = _ => 0,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Voices);
        command.Options.Add(Seed);
    }

    /// <summary>The speaker count and voice seed (null = named voices) that the command line asks for.</summary>
    public (int Count, int? Seed) Resolve(ParseResult parse, Option<int> speakers)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(speakers);
        bool speakersGiven = parse.GetResult(speakers) is { Implicit: false };
        bool seedGiven = parse.GetResult(Seed) is { Implicit: false };
        if (parse.GetValue(Voices) is int voices)
        {
            if (speakersGiven) throw new ArgumentException($"give either {speakers.Name} (named voices) or --voices (drawn voices), not both");
            return (voices, parse.GetValue(Seed));
        }
        if (seedGiven) throw new ArgumentException("--voice-seed only applies to drawn voices: add --voices N");
        return (parse.GetValue(speakers), null);
    }
}
