namespace SpeechDisentangle.Models.Core.Training;

/// <summary>Guards objectives against turn names they do not have.</summary>
internal static class TurnNames
{
    public static void Check(string turn, IReadOnlyList<string> turns)
    {
        if (!turns.Contains(turn))
            throw new ArgumentException($"unknown turn '{turn}' (this objective has: {string.Join(", ", turns)})", nameof(turn));
    }
}
