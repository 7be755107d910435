using System.Diagnostics;

namespace SpeechDisentangle.Audio.IO;

/// <summary>
/// Runs a Kaldi-style piped command ("flac -c -d -s f.flac |") with /bin/sh and reads WAV from its standard output.
/// A non-zero exit status becomes an <see cref="AudioFormatException"/> carrying the command's stderr.
/// </summary>
public sealed class PipeWavReader : IAudioStreamReader
{
    readonly Process _process;
    readonly Task<string> _stderr;
    readonly WavStreamReader _wav;
    bool _finished;

    /// <summary>Starts <paramref name="command"/> (a trailing "|" is removed) and reads its WAV header.</summary>
    public PipeWavReader(string command, AudioReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        SourcePath = command;
        string shellCommand = command.TrimEnd();
        if (shellCommand.EndsWith('|')) shellCommand = shellCommand[..^1].TrimEnd();
        if (shellCommand.Length == 0) throw new AudioFormatException(command, "empty pipe command");

        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(shellCommand);
        try
        {
            _process = Process.Start(start) ?? throw new AudioFormatException(command, "could not start /bin/sh");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new AudioFormatException(command, "could not start /bin/sh: " + e.Message, null, e);
        }
        // Drain stderr concurrently so a chatty command cannot block on a full pipe.
        _stderr = _process.StandardError.ReadToEndAsync();
        try
        {
            _wav = new WavStreamReader(_process.StandardOutput.BaseStream, command, options, leaveOpen: true);
        }
        catch (AudioFormatException e)
        {
            // An empty or broken stream usually means the command failed: report its exit status first.
            try { FinishProcess(e); }
            finally { _process.Dispose(); }
            throw;
        }
    }

    /// <inheritdoc/>
    public string SourcePath { get; }

    /// <inheritdoc/>
    public int SampleRate => _wav.SampleRate;

    /// <inheritdoc/>
    public int ChannelCount => _wav.ChannelCount;

    /// <inheritdoc/>
    public long? TotalFrames => _wav.TotalFrames;

    /// <inheritdoc/>
    public int ReadFrames(Span<float> interleaved)
    {
        if (_finished) return 0;
        int n;
        try
        {
            n = _wav.ReadFrames(interleaved);
        }
        catch (AudioFormatException e)
        {
            FinishProcess(e);
            throw;
        }
        if (n == 0) FinishProcess(null);
        return n;
    }

    /// <summary>Drains stdout, waits for the command and throws if it failed.</summary>
    void FinishProcess(Exception? readError)
    {
        _finished = true;
        // Anything after the data chunk must be consumed, or the command could block writing it.
        _process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        _process.WaitForExit();
        string stderr = _stderr.GetAwaiter().GetResult().Trim();
        if (_process.ExitCode != 0)
        {
            string detail = stderr.Length > 0 ? stderr : "(no stderr output)";
            throw new AudioFormatException(SourcePath, $"pipe command exited with status {_process.ExitCode}: {detail}", null, readError);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_finished && !_process.HasExited)
        {
            // The caller stopped early: end the command rather than wait for it to finish writing.
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        _wav.Dispose();
        _process.Dispose();
    }
}
