using System.Security.Cryptography;
using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

public sealed class SynthVoicesTests : TempCorpus
{
    public SynthVoicesTests() : base("voices") { }

    [Fact]
    public void Get_EverySpeaker_SpeaksWithADistinctVoice()
    {
        // espeak-ng silently ignores some voice variants; two speakers with identical audio would make speaker
        // probes and voice conversion judges unable to tell them apart.
        var voiceOfAudio = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < SynthVoices.Count; i++)
        {
            string voice = SynthVoices.Get(i).Voice;
            string wav = Path.Combine(Root, $"{i}.wav");
            CorpusSynth.Speak("seven", voice, wav, "-r", "16000");
            string hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(wav)));
            voiceOfAudio.Should().NotContainKey(hash, $"speaker {i} ({voice}) sounds exactly like another speaker");
            voiceOfAudio[hash] = voice;
        }
    }
}
