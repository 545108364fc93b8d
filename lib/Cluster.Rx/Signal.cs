namespace Cluster.Rx;

/// <summary>
/// The POSIX signals Cluster.Rx sends and handles, with their Linux numbers.
/// </summary>
public enum Signal
{
    /// <summary>Hang-up (1).</summary>
    SIGHUP = 1,

    /// <summary>Interrupt, Ctrl+C (2): hard shutdown of the master.</summary>
    SIGINT = 2,

    /// <summary>Quit, Ctrl+\ (3): graceful shutdown of the master or a worker.</summary>
    SIGQUIT = 3,

    /// <summary>Kill (9): cannot be caught; ends a process at once.</summary>
    SIGKILL = 9,

    /// <summary>User signal 1 (10).</summary>
    SIGUSR1 = 10,

    /// <summary>User signal 2 (12): restart of the master.</summary>
    SIGUSR2 = 12,

    /// <summary>Terminate (15): hard shutdown of the master; a worker exits at once.</summary>
    SIGTERM = 15,

    /// <summary>Continue (18): resumes a stopped process.</summary>
    SIGCONT = 18,

    /// <summary>Stop (19): cannot be caught; suspends a process until SIGCONT.</summary>
    SIGSTOP = 19,

    /// <summary>Terminal input for a background process (21): to the master, one worker more.</summary>
    SIGTTIN = 21,

    /// <summary>Terminal output for a background process (22): to the master, one worker fewer (never below one).</summary>
    SIGTTOU = 22,
}
