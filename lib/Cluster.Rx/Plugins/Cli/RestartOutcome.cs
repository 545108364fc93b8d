namespace Cluster.Rx;

/// <summary>How a restart the <c>restart</c> command asked for ended: a new master took over, or it failed.</summary>
/// <param name="NewMaster">The new master's pid, once it has taken over; null when the restart failed.</param>
/// <param name="Failure">Why it failed; null when a new master took over.</param>
internal sealed record RestartOutcome(int? NewMaster, string? Failure)
{
    public static RestartOutcome TakenOver(int pid) => new(pid, null);

    public static RestartOutcome Failed(string why) => new(null, why);
}
