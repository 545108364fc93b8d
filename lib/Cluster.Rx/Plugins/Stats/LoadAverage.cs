namespace Cluster.Rx;

/// <summary>The system's load average (as <c>/proc/loadavg</c> gives it): runnable tasks, averaged over 1, 5 and 15 minutes.</summary>
/// <param name="One">Over the last minute.</param>
/// <param name="Five">Over the last 5 minutes.</param>
/// <param name="Fifteen">Over the last 15 minutes.</param>
public sealed record LoadAverage(double One, double Five, double Fifteen);
