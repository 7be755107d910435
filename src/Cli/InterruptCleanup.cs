using System.Runtime.InteropServices;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Cli;

/// <summary>
/// Ctrl-C (SIGINT), SIGTERM and SIGHUP stop sdt after deleting the temp files of the outputs it was writing, so an
/// interrupted command leaves only whole files. Finished files stay: a rerun of `features compute` continues from them.
/// Exit status 128 + signal number, as a shell reports a process killed by that signal.
/// </summary>
internal sealed class InterruptCleanup : IDisposable
{
    readonly PosixSignalRegistration[] _registrations;

    InterruptCleanup(PosixSignalRegistration[] registrations) => _registrations = registrations;

    public static InterruptCleanup Install() => new(
    [
        PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, 2)),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, 15)),
        PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => Stop(c, 1)),
    ]);

    static void Stop(PosixSignalContext context, int number)
    {
        context.Cancel = true; // sdt exits itself, once the temp files are gone
        int removed = TempFiles.DeleteLive();
        Console.Error.WriteLine($"{Environment.NewLine}sdt: stopped by {context.Signal}; removed {removed} unfinished temp file(s), finished files are kept");
        Environment.Exit(128 + number);
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
