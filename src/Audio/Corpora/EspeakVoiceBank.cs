using System.Diagnostics;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// Private espeak-ng data folders that hold drawn voice variants: each links to every entry of the installed data
/// folder except voices/, and has voices/!v/ with the variant files of up to <see cref="VoicesPerFolder"/> drawn
/// voices. espeak-ng reads one with <c>--path=DIR</c> and speaks <c>-v accent+variant</c> (<see cref="VoiceParameters.Spec"/>).
/// Several folders, because espeak-ng 1.51 lists at most 349 voices (language voices included) and cannot find the
/// accent once the list is full. The installed data is never modified; the folders are deleted on <see cref="Dispose"/>.
/// </summary>
public sealed class EspeakVoiceBank : IDisposable
{
    /// <summary>Drawn voices per data folder (with the ~130 language voices, well under espeak-ng's 349).</summary>
    public const int VoicesPerFolder = 100;

    readonly Dictionary<string, string> _folderOfSpec = new(StringComparer.Ordinal);

    EspeakVoiceBank(string root) => Root = root;

    /// <summary>The folder holding the data folders.</summary>
    public string Root { get; }

    /// <summary>The folder to pass as espeak-ng's <c>--path</c> for <paramref name="spec"/>; null for a voice not in the bank (an installed voice).</summary>
    public string? DataPathFor(string spec) => _folderOfSpec.GetValueOrDefault(spec);

    /// <summary>Lays out the folders for <paramref name="voices"/>, linking to the data folder <paramref name="espeak"/> reports.</summary>
    public static EspeakVoiceBank Create(string espeak, IEnumerable<VoiceParameters> voices)
    {
        ArgumentNullException.ThrowIfNull(voices);
        string installed = InstalledDataPath(espeak);
        var bank = new EspeakVoiceBank(Path.Combine(Path.GetTempPath(), "sdt-espeak-" + Guid.NewGuid().ToString("N")));
        try
        {
            foreach (var (group, g) in voices.Chunk(VoicesPerFolder).Select((group, g) => (group, g)))
            {
                string folder = Path.Combine(bank.Root, "g" + g.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                LinkInstalled(installed, folder);
                string variants = Path.Combine(folder, "voices", "!v");
                Directory.CreateDirectory(variants);
                foreach (var v in group)
                {
                    File.WriteAllText(Path.Combine(variants, v.VariantName), v.ToVariantFile());
                    bank._folderOfSpec[v.Spec] = folder;
                }
                CheckVariantIsUsed(espeak, folder, group[0]);
            }
            return bank;
        }
        catch
        {
            bank.Dispose();
            throw;
        }
    }

    /// <summary>
    /// espeak-ng speaks the plain accent, without a word, when it cannot find a variant; so one word is spoken with
    /// and without the variant, and identical audio is an error rather than a corpus of look-alike voices.
    /// </summary>
    static void CheckVariantIsUsed(string espeak, string folder, VoiceParameters voice)
    {
        string with = Path.Combine(folder, "check-variant.wav"), without = Path.Combine(folder, "check-accent.wav");
        Espeak.Speak(espeak, voice.Spec, 175, 50, "seven", with, folder);
        Espeak.Speak(espeak, voice.Accent, 175, 50, "seven", without, folder);
        bool same = File.ReadAllBytes(with).AsSpan().SequenceEqual(File.ReadAllBytes(without));
        File.Delete(with);
        File.Delete(without);
        if (same)
            throw new InvalidOperationException($"espeak-ng ignored the voice variant {voice.VariantName} in {Path.Combine(folder, "voices", "!v")} " +
                                                $"('-v {voice.Spec}' sounds exactly like '-v {voice.Accent}'), so drawn voices cannot be made with this espeak-ng");
    }

    static void LinkInstalled(string installed, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (string entry in Directory.EnumerateFileSystemEntries(installed))
        {
            string name = Path.GetFileName(entry);
            if (name == "voices") continue;
            if (Directory.Exists(entry)) Directory.CreateSymbolicLink(Path.Combine(folder, name), entry);
            else File.CreateSymbolicLink(Path.Combine(folder, name), entry);
        }
    }

    /// <summary>The data folder espeak-ng uses ("Data at: ..." of <c>--version</c>).</summary>
    public static string InstalledDataPath(string espeak)
    {
        Espeak.Check(espeak);
        var psi = new ProcessStartInfo(espeak, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        const string marker = "Data at:";
        int at = output.IndexOf(marker, StringComparison.Ordinal);
        string path = at < 0 ? "" : output[(at + marker.Length)..].Trim();
        if (path.Length == 0 || !Directory.Exists(path))
            throw new InvalidOperationException($"'{espeak} --version' does not name an existing data folder (\"{marker} PATH\"), so drawn voices cannot be installed: got '{output.Trim()}'");
        return path;
    }

    public void Dispose()
    {
        if (!Directory.Exists(Root)) return;
        // Remove the links themselves first, so that deleting the folders can never reach into the installed data.
        foreach (string folder in Directory.EnumerateDirectories(Root))
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries(folder))
            {
                if (new FileInfo(entry).LinkTarget is null) continue;
                if (Directory.Exists(entry)) Directory.Delete(entry);
                else File.Delete(entry);
            }
        }
        Directory.Delete(Root, recursive: true);
    }
}
