namespace Cluster.Rx.Ipc;

/// <summary>Worker to master: an unhandled exception.</summary>
internal sealed record ExceptionMessage(string Type, string Message, string StackTrace);
