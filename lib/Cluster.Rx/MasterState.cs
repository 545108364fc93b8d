namespace Cluster.Rx;

/// <summary>The state of a master.</summary>
public enum MasterState
{
    /// <summary>Running: dead workers are replaced.</summary>
    Active,

    /// <summary>Shutting down hard: workers were sent SIGKILL.</summary>
    HardShutdown,

    /// <summary>Shutting down gracefully: workers finish their work, then exit.</summary>
    GracefulShutdown,
}
