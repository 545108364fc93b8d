namespace Cluster.Rx.Supervision;

/// <summary>Starts a replacement master; the real one re-executes the program, specs use fakes.</summary>
internal interface IReplacementLauncher
{
    /// <summary>Starts a replacement that sends this master <paramref name="signal"/> once its workers listen.</summary>
    /// <exception cref="ClusterException">The process could not be started.</exception>
    StartedProcess Launch(Signal signal);
}

/// <summary>A process this master started: its pid, its exit code (once, when it has exited), and a way to signal it.</summary>
internal sealed record StartedProcess(int Pid, IObservable<int> Exited, Action<Signal> Signal);
