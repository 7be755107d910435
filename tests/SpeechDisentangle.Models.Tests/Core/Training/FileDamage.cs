namespace SpeechDisentangle.Models.Tests.Core.Training;

/// <summary>The damage a disk, a copy or a kill does to a file: bytes flipped in the middle, or the tail cut off.</summary>
internal static class FileDamage
{
    /// <summary>Flips every bit of <paramref name="count"/> bytes centred in the file.</summary>
    public static void FlipMiddle(string path, int count)
    {
        var bytes = File.ReadAllBytes(path);
        int start = Math.Max(0, bytes.Length / 2 - count / 2);
        for (int i = start; i < Math.Min(bytes.Length, start + count); i++) bytes[i] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Keeps the first <paramref name="length"/> bytes.</summary>
    public static void TruncateTo(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }
}
